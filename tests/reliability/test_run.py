"""`news-etl run` as a user runs it, over real sample pages with hostile pages mixed in, while the
test SIGKILLs an extraction worker mid-run: the run finishes by itself (exit 0), every page is
loaded exactly once (an article or a reject with a reason), the hostile pages end as `too_large`
rejects or truncated articles, the whole process tree stays under a stated memory ceiling, and no
process of the run outlives it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, sample_pages
from tests.reliability import proctree
from tests.reliability.hostile import HOSTILE

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="measures the process tree in /proc")

# Two workers with models loaded take ~0.5 GB each, the run process ~0.4 GB, Prefect's server ~0.3 GB.
# The hostile pages (3-5 MB of HTML each) once grew a run to 24 GB.
TREE_CEILING_MB = 3000
COPIES = 3  # each sample page under three names: enough pages that a worker is busy when it is killed
BUDGET_REASONS = {"too_large", "timeout", "worker_memory"}


class Watch(threading.Thread):
    """Samples the run's process tree every 0.1 s: peak total RSS, every pid seen; kills the first
    extraction worker once it has loaded its models and worked a little."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak_mb, self.seen, self.killed = root, 0.0, set(), None
        self.stop = threading.Event()

    def run(self) -> None:
        loaded_at = None
        while not self.stop.is_set():
            pids = proctree.descendants(self.root)
            self.seen |= {(p, proctree.cmdline(p)) for p in pids}
            self.peak_mb = max(self.peak_mb, proctree.rss_mb(self.root) + sum(map(proctree.rss_mb, pids)))
            # a worker: a child of the forkserver (which is one of the run's children)
            workers = [p for p in pids if "forkserver" in proctree.cmdline(proctree.parent(p))
                       and proctree.rss_mb(p) > 250]
            if self.killed is None and workers:
                loaded_at = loaded_at or time.monotonic()
                if time.monotonic() - loaded_at > 2.0:
                    self.killed = workers[-1]
                    os.kill(self.killed, signal.SIGKILL)
            time.sleep(0.1)


def test_a_run_survives_a_killed_worker_and_hostile_pages(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    normal = []
    for copy in range(COPIES):
        for page in sample_pages():
            name = f"c{copy}-{page.name}"
            shutil.copyfile(page, pages / name)
            normal.append(name)
    hostile = []
    for kind, make in HOSTILE.items():
        (pages / f"hostile-{kind}.html").write_bytes(make())
        hostile.append(f"hostile-{kind}.html")
    db = tmp_path / "news.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "NEWS_WORKERS": "2",
           "NEWS_BATCH_SIZE": "500", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "news-etl"), "run", "--source", str(pages),
                             "--db", str(db)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    watch = Watch(proc.pid)
    watch.start()
    out, _ = proc.communicate(timeout=1800)
    watch.stop.set()
    watch.join()

    assert proc.returncode == 0, out
    with duckdb.connect(str(db), read_only=True) as con:
        articles = con.execute("SELECT regexp_extract(url, '[^/]+$'), truncated FROM articles").fetchall()
        rejects = con.execute("SELECT regexp_extract(url, '[^/]+$'), reason, detail FROM rejects").fetchall()
    names = [a for a, _ in articles] + [r for r, _, _ in rejects]
    assert sorted(names) == sorted(normal + hostile), out  # every page exactly once
    by_reject = {r: reason for r, reason, _ in rejects}
    assert not {n: by_reject[n] for n in normal if n in by_reject and by_reject[n] in
                BUDGET_REASONS | {"worker_crash", "extractor_error"}}
    truncated = {a: t for a, t in articles}
    for name in hostile:
        assert by_reject.get(name) in BUDGET_REASONS or truncated.get(name), (name, by_reject.get(name))
    assert watch.killed is not None, "no worker was seen to kill"
    assert watch.peak_mb < TREE_CEILING_MB, f"process tree peaked at {watch.peak_mb:.0f} MB"
    time.sleep(1)
    left = [(p, cmd) for p, cmd in watch.seen if proctree.alive(p) and proctree.cmdline(p) == cmd]
    assert left == [], left
