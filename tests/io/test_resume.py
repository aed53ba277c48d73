"""Kill `news-etl run` after its first batch is loaded, run again: only the missing pages are
fetched, nothing is duplicated or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import sample_pages
from tests.io.faultserver import FaultServer, Reply

BATCH = 3


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NEWS_BATCH_SIZE=str(BATCH), NEWS_EXECUTOR="serial", NEWS_NER="false", NEWS_WORKERS="1",
               NEWS_HTTP_RATE_PER_HOST="1000", NEWS_HTTP_TIMEOUT="5", NEWS_HTTP_TOTAL_TIMEOUT="10",
               PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def _run(args, env, **kw):
    exe = Path(sys.executable).with_name("news-etl")
    return subprocess.Popen([str(exe), "run", *args], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


@pytest.mark.slow
def test_killed_run_resumes_without_duplicates(tmp_path):
    pages = sample_pages()[:9]
    db_path = tmp_path / "news.duckdb"
    with FaultServer() as server:
        for p in pages:
            server.routes[f"/news/{p.name}"] = Reply(200, p.read_bytes(), {"Content-Type": "text/html"}, delay=1.0)
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join(server.url(f"/news/{p.name}") for p in pages) + "\n")
        args = ["--source", str(urls), "--db", str(db_path)]
        env = _env(tmp_path)

        first = _run(args, env)
        lines: list[bytes] = []
        threading.Thread(target=lambda: lines.extend(iter(first.stdout.readline, b"")), daemon=True).start()
        deadline = time.monotonic() + 240
        # The flow logs "batch 1/3" once the first batch is loaded and committed (batches overlap:
        # by then the second is fetched and may be loading too).
        while not any(b"batch 1/3" in line for line in lines):
            assert first.poll() is None, b"".join(lines).decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the first run never loaded its first batch"
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the run and the Prefect server it started
        first.wait()
        hits_after_kill = {p: len(server.hits(p)) for p in (f"/news/{q.name}" for q in pages)}

        with duckdb.connect(str(db_path), read_only=True) as con:
            loaded_urls = {r[0] for r in con.execute("SELECT url FROM articles").fetchall()}
        assert len(loaded_urls) in (BATCH, 2 * BATCH)  # whole batches only

        for p in pages:
            server.routes[f"/news/{p.name}"] = Reply(200, p.read_bytes(), {"Content-Type": "text/html"})
        second = _run(args, env)
        out = second.communicate(timeout=300)[0].decode(errors="replace")
        assert second.returncode == 0, out[-3000:]

    with duckdb.connect(str(db_path), read_only=True) as con:
        articles = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        ok = con.execute("SELECT count(*), count(DISTINCT url) FROM raw_pages "
                         "WHERE error IS NULL AND sha256 IS NOT NULL").fetchone()
    assert articles == (len(pages), len(pages))
    assert ok == (len(pages), len(pages))  # one successful fetch per URL: nothing fetched twice
    for p in pages:  # the loaded batches were not fetched again
        if any(u.endswith(f"/news/{p.name}") for u in loaded_urls):
            assert len(server.hits(f"/news/{p.name}")) == hits_after_kill[f"/news/{p.name}"] == 1
