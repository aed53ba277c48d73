"""Loading one batch of extraction results into DuckDB, in one transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from flows.io import db
from transforms.page import PageResult
from transforms.tables import RunContext, result_frames, schemas


def load_results(con: duckdb.DuckDBPyConnection, sql_dir: Path, extracted: list[tuple[PageResult, dict]],
                 run_id: str, now: datetime, raw_pages: pl.DataFrame | None = None,
                 fetch_rejects: pl.DataFrame | None = None) -> dict[str, int]:
    """Articles (upsert by content hash) and their child rows, entities, rejects, and the batch's
    raw_pages rows. Returns row counts; `articles_changed` counts new or changed articles."""
    frames = result_frames(extracted, RunContext(run_id, now))
    rejects = frames["rejects"]
    if fetch_rejects is not None and fetch_rejects.height:
        rejects = pl.concat([fetch_rejects.select(list(schemas.REJECTS)), rejects], how="vertical_relaxed")
    arts = frames["articles"]
    with db.transaction(con):
        if raw_pages is not None:
            db.run_load(con, sql_dir, "raw_pages", {"batch_raw_pages": raw_pages.select(list(schemas.RAW_PAGES))})
        changed = db.run_sql(con, sql_dir, "load/changed_articles.sql", {"batch_articles": arts})[0][0]
        db.run_load(con, sql_dir, "articles", {"batch_articles": arts})
        db.run_load(con, sql_dir, "children", {
            "batch_blocks": frames["article_blocks"], "batch_captions": frames["photo_captions"],
            "batch_quotes": frames["quotes"], "batch_article_entities": frames["article_entities"]})
        db.run_load(con, sql_dir, "entities", {"batch_entities": frames["entities"]})
        db.run_load(con, sql_dir, "rejects", {"batch_rejects": rejects})
        db.run_sql(con, sql_dir, "load/done_batch.sql")
    return {
        "articles": arts.height,
        "articles_changed": int(changed),
        "rejects": rejects.height,
        "captions": frames["photo_captions"].height,
        "quotes": frames["quotes"].height,
        "entities": frames["article_entities"].height,
    }
