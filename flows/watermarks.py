"""Catch-up state: per dated source, the last complete day a run processed (table `watermarks`).

The nightly flow does not process "yesterday": it processes from the day after the watermark to
today, so a night the machine was down is caught up by the next run. Only dated sources (feeds,
sitemaps, WARC files, and sources files that may list them) have watermarks; undated sources (URL
lists, folders, single pages) are processed as given, and known URLs are skipped anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb

from flows.io import db, sources

DATED_KINDS = ("feed", "sitemap", "warc", "toml")


def source_key(arg: str) -> str:
    """A stable key for a source argument: kind:location (absolute path or URL)."""
    src = sources.classify(arg)
    return f"{src.kind}:{src.location}"


def is_dated(arg: str) -> bool:
    return sources.classify(arg).kind in DATED_KINDS


def read(con: duckdb.DuckDBPyConnection, sql_dir: Path, keys: Iterable[str]) -> dict[str, date]:
    keys = list(keys)
    if not keys:
        return {}
    rows = db.run_sql(con, sql_dir, "queries/watermarks.sql", params={"keys": keys})
    return dict(rows)


def catch_up_since(watermark: date | None) -> date | None:
    """The first day a catch-up run must process: the day after the watermark (None: no bound)."""
    return watermark + timedelta(days=1) if watermark else None


def completed_through(until: date | None, today: date) -> date:
    """The last day a run over [.., until] has seen completely: today is never complete yet."""
    yesterday = today - timedelta(days=1)
    return min(until, yesterday) if until else yesterday


def advances(old: date | None, since: date | None) -> bool:
    """A run moves the watermark only when it started at or before the day after it (no gap)."""
    return old is None or since is None or since <= old + timedelta(days=1)


def advance(con: duckdb.DuckDBPyConnection, sql_dir: Path, windows: dict[str, date | None],
            old: dict[str, date], until: date | None, today: date, run_id: str) -> None:
    """After a run that loaded its data: move each source's watermark (never backwards)."""
    last = completed_through(until, today)
    now = datetime.now(UTC)
    for key, since in windows.items():
        if advances(old.get(key), since):
            db.execute(con, db.read_sql(sql_dir, "load/watermark.sql"),
                       {"source_key": key, "last_day": last, "run_id": run_id, "updated_at": now})
