"""Backfill over day partitions (in process, under the Prefect test harness): each day gets the
sitemap entries of that day, finished days are skipped next time, --force redoes them."""

from __future__ import annotations

import io
import logging
from datetime import date

import duckdb
from rich.console import Console

from tests.ops.conftest import write_sitemap

DAYS = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]


def _rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_backfill_day_partitions_resume_and_force(prefect_harness, fast_settings, pages, tmp_path):
    from flows.backfill import backfill

    # Jan 1: 2 pages, Jan 2: none, Jan 3: 2 pages; one page dated outside the range.
    sitemap = write_sitemap(tmp_path / "sitemap.xml", [
        (pages[0], DAYS[0]), (pages[1], DAYS[0]), (pages[2], DAYS[2]), (pages[3], DAYS[2]),
        (pages[4], date(2024, 2, 1))])
    db = tmp_path / "news.duckdb"
    first = backfill(start=DAYS[0], end=DAYS[2], sources=[str(sitemap)], db_path=str(db), progress=True)

    assert (first["days"], first["days_skipped"], first["days_done"]) == (3, 0, 3)
    assert first["articles"] == 4
    per_day = _rows(db, "SELECT day, status, counts->>'urls' FROM backfill_days ORDER BY day")
    assert per_day == [(DAYS[0], "completed", "2"), (DAYS[1], "completed", "0"), (DAYS[2], "completed", "2")]
    assert _rows(db, "SELECT count(*) FROM runs WHERE flow = 'backfill' AND status = 'completed'") == [(3,)]
    # The page dated Feb 1 is outside every day partition.
    assert _rows(db, f"SELECT count(*) FROM articles WHERE url LIKE '%{pages[4].name}'") == [(0,)]

    second = backfill(start=DAYS[0], end=DAYS[2], sources=[str(sitemap)], db_path=str(db))
    assert (second["days_skipped"], second.get("days_done", 0)) == (3, 0)
    assert _rows(db, "SELECT count(*) FROM runs WHERE flow = 'backfill'") == [(3,)]

    # A range that overlaps: only the new day runs.
    third = backfill(start=DAYS[2], end=date(2024, 1, 4), sources=[str(sitemap)], db_path=str(db))
    assert (third["days_skipped"], third["days_done"]) == (1, 1)

    forced = backfill(start=DAYS[0], end=DAYS[0], sources=[str(sitemap)], db_path=str(db), force=True)
    assert forced["days_done"] == 1
    assert forced["articles"] == 0  # the day's pages are known: nothing fetched twice
    assert _rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(4, 4)]


def test_progress_routes_prefect_console_logs_through_the_bar():
    from prefect.logging.configuration import setup_logging

    from flows.progress import DayProgress, _prefect_console_handlers

    handlers = _prefect_console_handlers() or (setup_logging() and _prefect_console_handlers())
    assert handlers, "Prefect's console handler is not configured"
    before = [h.console for h in handlers]
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    with DayProgress(2, console=console) as bar:
        assert all(h.console is console for h in handlers)
        bar.day_started(DAYS[0])
        bar.batch(10, {"rejects": 1})
        logging.getLogger("prefect.flow_runs").warning("a log line while the bar is shown")
        bar.day_done(DAYS[0], {"urls": 10, "fetched": 10, "articles": 9, "rejects": 1}, "completed")
    assert [h.console for h in handlers] == before
    text = out.getvalue()
    assert "a log line while the bar is shown" in text
    assert "day 2024-01-01: completed" in text and "pages/s" in text
