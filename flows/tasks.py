"""Thin Prefect tasks: each does the IO of one stage for one batch and calls the pure code.

No task returns a persisted result (NO_CACHE, no result persistence): frames stay in memory for
the next stage of the same batch and are never pickled into Prefect's storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, cast

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from flows.checks import CheckResult, run_checks
from flows.extract import Extractor, PageJob
from flows.io import db, fetch, history, sources
from flows.io.publishers import Publisher, publisher_for
from flows.load import load_results
from transforms.ids import stable_id
from transforms.page import PageResult
from transforms.sources import RefetchPolicy, plan_fetches
from transforms.tables import run_report, schemas
from transforms.urls import canonical_url

T = TypeVar("T")


def as_is(value: T) -> T:
    """A task argument Prefect hands over without walking it: by default every task call visits its
    arguments' contents looking for futures, which for a batch of page results (dataclasses holding
    lists of quotes and entities) cost more CPU than loading them. Typed as the value it wraps."""
    return cast(T, quote(value))


@task(name="discover", cache_policy=NO_CACHE, persist_result=False)
def discover(source_args: Sequence[str], fetcher: fetch.Fetcher, options: sources.DiscoverOptions,
             publishers: dict[str, Publisher] | None = None) -> pl.DataFrame:
    """Sources to a frame of canonical, deduplicated URLs (raises SourceError on a bad source).
    Feeds and sitemaps are fetched here; WARC records are read into the raw store here."""
    log = get_run_logger()
    found = [u for arg in source_args
             for u in sources.discover(sources.classify(arg), fetcher, options, warn=log.warning)]
    frame = sources.to_frame(found).with_columns(pl.col("url").map_elements(canonical_url, return_dtype=pl.String))
    if publishers:
        hint = frame["url"].map_elements(lambda u: getattr(publisher_for(u, publishers), "language", None),
                                         return_dtype=pl.String)
        frame = frame.with_columns(pl.col("language").fill_null(hint))
    return frame.unique(subset="url", keep="first", maintain_order=True)


@task(name="plan", cache_policy=NO_CACHE, persist_result=False)
def plan_fetch(con: duckdb.DuckDBPyConnection, sql_dir: Path, urls: pl.DataFrame,
               policy: RefetchPolicy) -> tuple[pl.DataFrame, int]:
    """Drop URLs earlier runs already have (unless a re-fetch is due); returns (to fetch, skipped)."""
    todo, skipped = plan_fetches(urls, history.url_history(con, sql_dir, urls), datetime.now(UTC), policy)
    return todo, skipped.height


@task(name="fetch", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE, persist_result=False)
def fetch_batch(urls: pl.DataFrame, fetcher: fetch.Fetcher, run_id: str) -> pl.DataFrame:
    """Fetch a batch into the raw store; one raw_pages row per URL, failures included.
    WARC records and failed sources arrive already fetched and are passed through."""
    rows = urls.to_dicts()
    jobs = [fetch.FetchJob(r["url"], r["etag"], r["last_modified"], r["rate"], bool(r["obey_robots"]))
            for r in rows if r["via"] == "fetch"]
    done = iter(fetcher.fetch_all(jobs))
    out = []
    for r in rows:
        f = next(done) if r["via"] == "fetch" else sources.prefetched(r)
        row = asdict(f)
        row.update(fetch_id=stable_id("fetch", f.url, run_id), source=r["source"], run_id=run_id,
                   language=r["language"])
        out.append(row)
    return schemas.frame(out, {**schemas.RAW_PAGES, "detail": pl.String, "language": pl.String})


@task(name="extract", cache_policy=NO_CACHE, persist_result=False)
def extract_batch(fetched: pl.DataFrame, extractor: Extractor) -> list[tuple[PageResult, dict]]:
    ok = fetched.filter(pl.col("error").is_null() & pl.col("sha256").is_not_null())
    jobs = [PageJob(r["url"], r["final_url"] or r["url"], r["sha256"], r["content_type"], r["charset"],
                    r["fetched_at"], r["source"], r["language"]) for r in ok.iter_rows(named=True)]
    results = extractor.run(jobs)
    return [(res, {"sha256": j.sha256, "fetched_at": j.fetched_at, "source": j.source})
            for res, j in zip(results, jobs, strict=True)]


@task(name="load", cache_policy=NO_CACHE, persist_result=False)
def load_batch(con: duckdb.DuckDBPyConnection, sql_dir, fetched: pl.DataFrame,
               extracted: list[tuple[PageResult, dict]], run_id: str) -> dict[str, int]:
    """Load one batch in one transaction: raw pages, articles and children, entities, rejects."""
    now = datetime.now(UTC)
    fetch_rejects = fetched.filter(pl.col("error").is_not_null()).select(
        "url", pl.lit("fetch").alias("stage"), pl.col("error").alias("reason"), "detail", "source",
        pl.lit(run_id).alias("run_id"), pl.lit(now, dtype=schemas.TS).alias("rejected_at"))
    counts = load_results(con, sql_dir, extracted, run_id, now, raw_pages=fetched, fetch_rejects=fetch_rejects)
    counts["fetched"] = fetched.filter(pl.col("error").is_null()).height
    counts["not_modified"] = fetched.filter(pl.col("not_modified").fill_null(False)).height
    return counts


@task(name="checks-and-report", cache_policy=NO_CACHE, persist_result=False)
def checks_and_report(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str, counts: dict) -> list[CheckResult]:
    """Run sql/checks, write check_results, and publish the run report as a Prefect artifact."""
    results = run_checks(con, sql_dir, run_id)
    tables = [r[0] for r in db.run_sql(con, sql_dir, "queries/tables.sql")]
    # one count per table: the statement is composed, since a table name cannot be a parameter
    table_rows = {t: db.execute(con, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}
    rejects = db.run_sql(con, sql_dir, "queries/run_rejects.sql", params={"run_id": run_id})
    markdown = run_report(run_id, counts, table_rows, rejects, [(r.check, r.severity, r.rows) for r in results])
    create_markdown_artifact(markdown, key="news-etl-run", description="news-etl run report")
    for r in results:
        if r.failed:
            get_run_logger().warning("check %s (%s): %d bad rows, e.g. %s", r.check, r.severity, r.rows,
                                     r.sample[:1])
    return results
