"""Export tables as Parquet partitioned by day (Hive layout: OUT/<table>/day=YYYY-MM-DD/*.parquet).

The row selections live in sql/export/<table>.sql, with $since and $until. Children of articles
(blocks, captions, quotes, entities per article) take the day of their article, so one day's
partition of every table fits together. `entities` is a dimension and goes whole into one file.
Read it back with: SELECT * FROM read_parquet('OUT/quotes/*/*.parquet', hive_partitioning = true).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from flows.io import db

TABLES = ("articles", "article_blocks", "photo_captions", "quotes", "article_entities", "entities",
          "raw_pages", "rejects", "runs")
UNPARTITIONED = frozenset({"entities"})


@dataclass(frozen=True)
class Exported:
    table: str
    rows: int
    path: Path


def day_range(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> tuple[date | None, date | None]:
    lo, hi = db.execute(con, db.read_sql(sql_dir, "export/day_range.sql"))[0]
    return lo, hi


def export_parquet(con: duckdb.DuckDBPyConnection, sql_dir: Path, out_dir: Path,
                   since: date | None = None, until: date | None = None) -> list[Exported]:
    """Write every table's rows of [since, until] (inclusive; default: all days) under out_dir.

    Re-exporting a range overwrites its partitions and leaves other days' partitions alone, so
    a nightly export of yesterday can accumulate into one folder.
    """
    first, last = day_range(con, sql_dir)
    since, until = since or first, until or last
    out: list[Exported] = []
    if since is None or until is None:  # an empty database: nothing to export
        return out
    params = {"since": since, "until": until}
    out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        select = db.read_sql(sql_dir, f"export/{table}.sql")
        # The selection ends with a comment-free line; the newline keeps a trailing comment closed.
        rows = db.execute(con, f"SELECT count(*) FROM (\n{select}\n)", params)[0][0]
        target = out_dir / table
        if rows:
            if table in UNPARTITIONED:
                target.mkdir(parents=True, exist_ok=True)
                db.execute(con, f"COPY (\n{select}\n) TO $path (FORMAT parquet)",
                           {**params, "path": str(target / "data.parquet")})
            else:
                db.execute(con, f"COPY (\n{select}\n) TO $path "
                                "(FORMAT parquet, PARTITION_BY (day), OVERWRITE_OR_IGNORE)",
                           {**params, "path": str(target)})
        out.append(Exported(table, int(rows), target))
    return out
