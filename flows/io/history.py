"""What earlier runs fetched and loaded, per URL: the input of transforms.incremental.plan_fetches."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from flows.io import db
from transforms.sources import HISTORY


def url_history(con: duckdb.DuckDBPyConnection, sql_dir: Path, urls: pl.DataFrame) -> pl.DataFrame:
    if urls.is_empty():
        return pl.DataFrame(schema=HISTORY)
    rows = db.run_sql(con, sql_dir, "queries/url_history.sql", {"batch_urls": urls.select("url")})
    return pl.DataFrame(rows, schema=HISTORY, orient="row")
