"""The nightly flow's operations behaviour under the Prefect test harness: catch-up from the
watermark, and a data check of severity error that fails the run after the load and the report."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from tests.ops.conftest import write_sitemap


def _rows(db, sql, params=None):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def test_nightly_catches_up_from_the_watermark(prefect_harness, fast_settings, pages, tmp_path):
    from flows import watermarks
    from flows.nightly import nightly

    today = datetime.now(UTC).date()
    ago = [today - timedelta(days=n) for n in (6, 4, 2, 1, 0)]
    sitemap = write_sitemap(tmp_path / "sitemap.xml", list(zip(pages, ago, strict=False)))
    db = tmp_path / "news.duckdb"
    key = watermarks.source_key(str(sitemap))

    first = nightly(sources=[str(sitemap)], db_path=str(db))  # no watermark yet: everything listed
    assert (first["urls"], first["articles"]) == (5, 5)
    assert _rows(db, "SELECT source_key, last_day FROM watermarks") == [(key, today - timedelta(days=1))]

    # The next night starts the day after the last complete day: only today's entry is listed.
    assert nightly(sources=[str(sitemap)], db_path=str(db))["urls"] == 1

    # Three nights missed: the next run catches up on all of them, and moves the watermark.
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE watermarks SET last_day = $d", {"d": today - timedelta(days=5)})
    assert nightly(sources=[str(sitemap)], db_path=str(db))["urls"] == 4
    assert _rows(db, "SELECT last_day FROM watermarks") == [(today - timedelta(days=1),)]

    # An explicit window leaves a later watermark alone.
    assert nightly(sources=[str(sitemap)], db_path=str(db), since=ago[0], until=ago[0])["urls"] == 1
    assert _rows(db, "SELECT last_day FROM watermarks") == [(today - timedelta(days=1),)]


def test_error_check_fails_the_run_after_load_and_report(prefect_harness, fast_settings, pages, tmp_path,
                                                         monkeypatch):
    from prefect.client.orchestration import get_client

    from flows.nightly import DataCheckFailed, nightly
    from flows.settings import PROJECT_ROOT, get_settings

    sql = tmp_path / "sql"
    shutil.copytree(PROJECT_ROOT / "sql", sql)
    (sql / "checks" / "articles__test_always_fails.sql").write_text(
        "-- severity: error\n-- A test-only check: every article is a bad row.\nSELECT article_id FROM articles\n")
    (sql / "checks" / "articles__test_warn_only.sql").write_text(
        "-- severity: warn\nSELECT article_id FROM articles\n")
    monkeypatch.setenv("NEWS_SQL_DIR", str(sql))
    get_settings.cache_clear()
    db = tmp_path / "news.duckdb"
    sitemap = write_sitemap(tmp_path / "sitemap.xml", [(p, date(2024, 3, 1)) for p in pages[:2]])

    with pytest.raises(DataCheckFailed, match="articles__test_always_fails") as err:
        nightly(sources=[str(sitemap)], db_path=str(db))
    assert "articles__test_warn_only" not in str(err.value)

    assert _rows(db, "SELECT count(*) FROM articles") == [(2,)]  # the data is loaded
    run_id, status, failures = _rows(db, "SELECT run_id, status, counts->>'check_failures' FROM runs")[0]
    assert (status, failures) == ("failed_checks", "1")
    checks = dict(_rows(db, 'SELECT "check", rows FROM check_results WHERE run_id = $r', {"r": run_id}))
    assert checks["articles__test_always_fails"] == 2 and checks["articles__test_warn_only"] == 2
    assert checks["articles__without_body"] == 0
    with get_client(sync_client=True) as client:  # the run report was published
        report = client.read_latest_artifacts()
    text = next(a.data for a in report if a.key == "news-etl-run")
    assert run_id in text and "| articles__test_always_fails | error | 2 | FAILED |" in text
