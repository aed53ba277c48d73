"""Kill `news-etl backfill` in the middle of a day, call it again: the finished day is skipped, the
killed day is redone without fetching its loaded batch again, nothing is duplicated or lost. While
it runs, a second process on the same database gives up after its bounded wait."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import sample_pages
from tests.io.faultserver import FaultServer, Reply

DAYS = {date(2024, 1, 1): 2, date(2024, 1, 2): 3, date(2024, 1, 3): 2}  # pages per day


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NEWS_BATCH_SIZE="2", NEWS_EXECUTOR="serial", NEWS_NER="false", NEWS_WORKERS="1",
               NEWS_HTTP_RATE_PER_HOST="1000", NEWS_HTTP_TIMEOUT="10", NEWS_HTTP_TOTAL_TIMEOUT="20",
               PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def _cli(args, env):
    exe = Path(sys.executable).with_name("news-etl")
    return subprocess.Popen([str(exe), *args], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_killed_backfill_resumes(tmp_path):
    pages = sample_pages()[: sum(DAYS.values())]
    by_day = {}
    it = iter(pages)
    for day, n in DAYS.items():
        by_day[day] = [next(it) for _ in range(n)]
    db_path = tmp_path / "news.duckdb"
    with FaultServer() as server:
        entries = []
        for day, day_pages in by_day.items():
            for p in day_pages:
                delay = 3.0 if day == date(2024, 1, 3) else 1.0
                server.routes[f"/news/{p.name}"] = Reply(200, p.read_bytes(), {"Content-Type": "text/html"},
                                                         delay=delay)
                entries.append(f"<url><loc>{server.url('/news/' + p.name)}</loc><lastmod>{day}</lastmod></url>")
        # The page the test kills on hangs on its first request, so the kill lands mid-day even on a
        # loaded machine; the resumed run gets it at once.
        hang = by_day[date(2024, 1, 2)][2]
        server.routes[f"/news/{hang.name}"] = [
            Reply(200, hang.read_bytes(), {"Content-Type": "text/html"}, delay=8.0),
            Reply(200, hang.read_bytes(), {"Content-Type": "text/html"})]
        server.routes["/sitemap.xml"] = Reply(200, (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(entries) + "</urlset>").encode(), {"Content-Type": "application/xml"})
        args = ["backfill", "--start", "2024-01-01", "--end", "2024-01-03", "--source",
                server.url("/sitemap.xml"), "--db", str(db_path)]
        env = _env(tmp_path)

        first = _cli(args, env)
        lines: list[bytes] = []
        threading.Thread(target=lambda: lines.extend(iter(first.stdout.readline, b"")), daemon=True).start()
        deadline = time.monotonic() + 240
        while not any(s.path.startswith("/news/") for s in server.seen):
            assert first.poll() is None, b"".join(lines).decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the backfill never started fetching"
            time.sleep(0.05)

        # A second run on the same database while the backfill holds it: bounded wait, clear line.
        other = subprocess.run([str(Path(sys.executable).with_name("news-etl")), "run", "--source",
                                str(pages[0]), "--db", str(db_path), "--wait", "1"],
                               env=env, capture_output=True, text=True, timeout=120)
        assert other.returncode == 2 and "is in use by another process" in other.stderr, other.stderr
        assert "Traceback" not in other.stderr

        # Kill once day 2's first batch is loaded (the flow logs "batch 1/2") while its second batch is
        # being fetched (batches overlap: that fetch started while the first batch was extracted).
        third_of_day2 = f"/news/{by_day[date(2024, 1, 2)][2].name}"
        while not (server.hits(third_of_day2) and any(b"batch 1/2" in line for line in lines)):
            assert first.poll() is None, b"".join(lines).decode(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the backfill never loaded day 2's first batch"
            time.sleep(0.05)
        os.killpg(first.pid, signal.SIGKILL)  # the backfill and the Prefect server it started
        first.wait()
        hits_after_kill = {p.name: len(server.hits(f"/news/{p.name}")) for p in pages}

        with duckdb.connect(str(db_path), read_only=True) as con:
            loaded = {r[0].rsplit("/", 1)[1] for r in con.execute("SELECT url FROM articles").fetchall()}
            states = dict(con.execute("SELECT day, status FROM backfill_days").fetchall())
        assert states[date(2024, 1, 1)] == "completed"
        assert {p.name for p in by_day[date(2024, 1, 1)]} <= loaded
        assert {p.name for p in by_day[date(2024, 1, 2)][:2]} <= loaded  # day 2's first batch
        assert len(loaded) < len(pages)  # killed before the end

        second = _cli(args, env)
        out = second.communicate(timeout=300)[0].decode(errors="replace")
        assert second.returncode == 0, out[-3000:]
        assert "1 already done" in out, out[-2000:]

    with duckdb.connect(str(db_path), read_only=True) as con:
        articles = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        ok = con.execute("SELECT count(*), count(DISTINCT url) FROM raw_pages "
                         "WHERE error IS NULL AND sha256 IS NOT NULL").fetchone()
        states = con.execute("SELECT day, status FROM backfill_days ORDER BY day").fetchall()
    assert articles == (len(pages), len(pages))
    assert ok == (len(pages), len(pages))  # one successful fetch per URL
    assert states == [(d, "completed") for d in DAYS]
    for name in loaded:  # what was loaded before the kill was not fetched again
        assert len(server.hits(f"/news/{name}")) == hits_after_kill[name] == 1
