"""The commit step: the single writer that moves staged shard rows into the database.

Workers only ever write Parquet to the staging area; this step, on the driver, loads one shard at a
time in one transaction with the same idempotent statements as a local run (sql/load/: raw_pages by
fetch_id, articles upserted by article_id and content hash, child rows replaced per article, rejects
and entities by their keys), so committing a shard twice changes nothing. `CommitTarget` is the one
interface a flow sees: another target (a DuckLake catalog) is another class with `commit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import duckdb
import polars as pl

from flows.load import load_frames


class CommitTarget(Protocol):
    def commit(self, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
        """Load one shard's frames (result_frames' tables plus raw_pages and fetch_rejects) atomically;
        return row counts. Must be idempotent: the same frames twice leave the same rows."""
        ...


@dataclass
class DuckDBTarget:
    con: duckdb.DuckDBPyConnection
    sql_dir: Path

    def commit(self, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
        return load_frames(self.con, self.sql_dir, frames, raw_pages=frames.get("raw_pages"),
                           fetch_rejects=frames.get("fetch_rejects"))
