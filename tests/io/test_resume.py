"""Kill `news-etl run` after its first batch is loaded, run again: only the missing pages are
fetched, nothing is duplicated or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
        later = {f"/news/{p.name}" for p in pages[BATCH:]}
        deadline = time.monotonic() + 240
        # Batch 2 starts fetching only after batch 1 was loaded and committed.
        while not any(s.path in later for s in server.seen):
            assert first.poll() is None, first.stdout.read().decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the first run never reached its second batch"
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the run and the Prefect server it started
        first.wait()
        hits_after_kill = {p: len(server.hits(p)) for p in (f"/news/{q.name}" for q in pages)}

        with duckdb.connect(str(db_path), read_only=True) as con:
            loaded = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert loaded == BATCH

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
    for p in pages[:BATCH]:  # the loaded batch was not fetched again
        assert len(server.hits(f"/news/{p.name}")) == hits_after_kill[f"/news/{p.name}"] == 1
