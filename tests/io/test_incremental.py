"""Incremental fetching: known URLs are skipped, young pages re-fetched once with validators."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import polars as pl

from flows.io import db, history
from flows.settings import PROJECT_ROOT, Settings
from transforms.sources.incremental import plan_fetches
from transforms.tables import schemas

NOW = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)


def _raw(url, fetched_at, run, sha="s", etag=None, error=None, not_modified=False):
    return {"fetch_id": f"{url}-{run}", "url": url, "fetched_at": fetched_at, "sha256": sha, "etag": etag,
            "error": error, "not_modified": not_modified, "run_id": run}


def test_plan_from_a_real_history():
    con = duckdb.connect(":memory:")
    db.apply_schema(con, PROJECT_ROOT / "sql")
    rows = [
        _raw("https://a/old", NOW - timedelta(days=10), "r1"),  # old: never again
        _raw("https://a/young", NOW - timedelta(hours=20), "r1", etag='"e1"'),  # young, once: due
        _raw("https://a/fresh", NOW - timedelta(hours=1), "r1"),  # young but fetched an hour ago
        _raw("https://a/twice", NOW - timedelta(hours=30), "r1"),
        _raw("https://a/twice", NOW - timedelta(hours=10), "r2", sha=None, not_modified=True),  # done
        _raw("https://a/failed", NOW - timedelta(hours=30), "r1", sha=None, error="http_500"),
    ]
    con.register("b", schemas.frame(rows, schemas.RAW_PAGES))
    con.execute("INSERT INTO raw_pages BY NAME SELECT * FROM b")
    urls = pl.DataFrame({"url": ["https://a/old", "https://a/young", "https://a/fresh", "https://a/twice",
                                 "https://a/failed", "https://a/new"], "via": ["fetch"] * 6})
    todo, skipped = plan_fetches(urls, history.url_history(con, PROJECT_ROOT / "sql", urls), NOW, Settings().refetch_policy())
    assert todo["url"].to_list() == ["https://a/young", "https://a/failed", "https://a/new"]
    assert todo.filter(pl.col("url") == "https://a/young")["etag"].item() == '"e1"'
    assert sorted(skipped["url"]) == ["https://a/fresh", "https://a/old", "https://a/twice"]


def test_warc_rows_are_not_refetched():
    urls = pl.DataFrame({"url": ["https://a/x"], "via": ["warc"]})
    hist = pl.DataFrame({"url": ["https://a/x"], "first_ok": [NOW - timedelta(hours=20)],
                         "last_ok": [NOW - timedelta(hours=20)], "ok_fetches": [1], "etag": [None],
                         "last_modified": [None], "in_articles": [True]})
    todo, skipped = plan_fetches(urls, hist, NOW, Settings().refetch_policy())
    assert todo.is_empty() and skipped.height == 1
