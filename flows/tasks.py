"""Thin Prefect tasks: each does the IO of one stage for one batch and calls the pure code.

No task returns a persisted result (NO_CACHE, no result persistence): frames stay in memory for
the next stage of the same batch and are never pickled into Prefect's storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime

import duckdb
import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from flows.extract import Extractor, PageJob
from flows.io import db, fetch, sources
from flows.io.rawstore import RawStore
from transforms import schemas
from transforms.ids import stable_id
from transforms.page import PageResult
from transforms.tables import RunContext, result_frames
from transforms.urls import canonical_url

TASK = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="discover", **TASK)
def discover(source_args: Sequence[str]) -> pl.DataFrame:
    """Sources to a frame of canonical, deduplicated URLs (raises SourceError on a bad source)."""
    found = [u for arg in source_args for u in sources.discover(sources.classify(arg))]
    rows = [{"url": canonical_url(u.url), "source": u.source, "language": u.language} for u in found]
    return schemas.frame(rows, schemas.URLS).unique(subset="url", keep="first", maintain_order=True)


@task(name="fetch", retries=1, retry_delay_seconds=5, **TASK)
def fetch_batch(urls: pl.DataFrame, store: RawStore, policy: fetch.FetchPolicy, run_id: str) -> pl.DataFrame:
    """Fetch a batch into the raw store; one raw_pages row per URL, failures included."""
    results = fetch.fetch_all(urls["url"].to_list(), store, policy)
    rows = []
    for f, src in zip(results, urls["source"].to_list(), strict=True):
        row = asdict(f)
        row.update(fetch_id=stable_id("fetch", f.url, run_id), source=src, run_id=run_id,
                   error=f.error)
        row["detail"] = f.detail
        rows.append(row)
    frame = pl.DataFrame(rows, schema={**schemas.RAW_PAGES, "detail": pl.String}, orient="row") \
        if rows else pl.DataFrame(schema={**schemas.RAW_PAGES, "detail": pl.String})
    return frame.join(urls.select("url", "language"), on="url", how="left")


@task(name="extract", **TASK)
def extract_batch(fetched: pl.DataFrame, extractor: Extractor) -> list[tuple[PageResult, dict]]:
    ok = fetched.filter(pl.col("error").is_null() & pl.col("sha256").is_not_null())
    jobs = [PageJob(r["url"], r["final_url"] or r["url"], r["sha256"], r["content_type"], r["charset"],
                    r["fetched_at"], r["source"], r["language"]) for r in ok.iter_rows(named=True)]
    results = extractor.run(jobs)
    return [(res, {"sha256": j.sha256, "fetched_at": j.fetched_at, "source": j.source})
            for res, j in zip(results, jobs, strict=True)]


@task(name="load", **TASK)
def load_batch(con: duckdb.DuckDBPyConnection, sql_dir, fetched: pl.DataFrame,
               extracted: list[tuple[PageResult, dict]], run_id: str) -> dict[str, int]:
    """Load one batch in one transaction: raw pages, articles and children, entities, rejects."""
    now = datetime.now(UTC)
    frames = result_frames(extracted, RunContext(run_id, now))
    fetch_rejects = fetched.filter(pl.col("error").is_not_null()).select(
        "url", pl.lit("fetch").alias("stage"), pl.col("error").alias("reason"), "detail", "source",
        pl.lit(run_id).alias("run_id"), pl.lit(now, dtype=schemas.TS).alias("rejected_at"))
    rejects = pl.concat([fetch_rejects, frames["rejects"]], how="vertical_relaxed")
    with db.transaction(con):
        db.run_load(con, sql_dir, "raw_pages", {"batch_raw_pages": fetched.select(list(schemas.RAW_PAGES))})
        arts = frames["articles"]
        con.register("batch_articles", arts)
        db.execute(con, "CREATE OR REPLACE TEMP TABLE batch_changed AS "
                    "SELECT b.article_id FROM batch_articles b LEFT JOIN articles a USING (article_id) "
                    "WHERE a.article_id IS NULL OR a.content_hash <> b.content_hash")
        changed = db.execute(con, "SELECT count(*) FROM batch_changed")[0][0]
        db.run_load(con, sql_dir, "articles", {"batch_articles": arts})
        db.run_load(con, sql_dir, "children", {
            "batch_articles": arts, "batch_blocks": frames["article_blocks"],
            "batch_captions": frames["photo_captions"], "batch_quotes": frames["quotes"],
            "batch_article_entities": frames["article_entities"]})
        db.run_load(con, sql_dir, "entities", {"batch_entities": frames["entities"]})
        db.run_load(con, sql_dir, "rejects", {"batch_rejects": rejects})
        db.execute(con, "DROP TABLE batch_changed")
    not_modified = fetched.filter(pl.col("not_modified").fill_null(False)).height
    return {
        "fetched": fetched.filter(pl.col("error").is_null()).height,
        "not_modified": not_modified,
        "articles": arts.height,
        "articles_changed": int(changed),
        "rejects": rejects.height,
        "captions": frames["photo_captions"].height,
        "quotes": frames["quotes"].height,
        "entities": frames["article_entities"].height,
    }
