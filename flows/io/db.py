"""DuckDB: open the database, apply the schema from sql/schema, run the statements in sql/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


# DuckDB's own allocator (a jemalloc inside the duckdb module) keeps the pages a load freed resident
# unless it is told to hand them back: measured in a 2,000-page run, its resident memory stood at
# 100-120 MB for 12-21 MB allocated after the first batch loaded, and never went down (issue 16).
# Background threads return freed pages after jemalloc's decay time; a lower flush threshold (default
# 128 MiB) purges after every load-sized task. Together: 18-36 MB resident for the same loads. Every
# connection gets the same config: DuckDB refuses a second connection to an open file whose config differs.
ALLOCATOR_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "allocator_background_threads": True, "allocator_flush_threshold": "16MB"}


def connect(path: Path, read_only: bool = False, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file; when another process holds the lock, wait up to `wait_seconds`. The
    connection returns memory its work freed to the system (`ALLOCATOR_CONFIG`)."""
    path = Path(path)
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for database {path}: {exc.strerror}") from exc
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=ALLOCATOR_CONFIG)
        except duckdb.IOException as exc:
            locked = "lock" in str(exc).lower()
            if locked and time.monotonic() < deadline:
                time.sleep(0.5)
                continue
            if locked:
                raise DatabaseError(
                    f"database {path} is in use by another process (another run?); "
                    f"waited {wait_seconds:.0f}s. Try again when it has finished."
                ) from exc
            raise DatabaseError(f"cannot open database {path}: {first_line(exc)}") from exc
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open database {path}: {first_line(exc)}") from exc


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def read_sql(sql_dir: Path, name: str) -> str:
    return (sql_dir / name).read_text(encoding="utf-8")


def execute(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    """Execute and drain the result: DuckDB 2 refuses new work while a result is unfinished."""
    return con.execute(sql, params).fetchall() if params else con.execute(sql).fetchall()


def apply_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> None:
    """Create every table (sql/schema) and view (sql/views). Safe to run on every start."""
    for folder in ("schema", "views"):
        for path in sorted((sql_dir / folder).glob("*.sql")):
            execute(con, path.read_text(encoding="utf-8"))


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    execute(con, "BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        execute(con, "ROLLBACK")
        raise
    execute(con, "COMMIT")


_READS = re.compile(r"^--\s*reads:\s*(.+)$", re.M)


def declared_inputs(sql: str) -> set[str]:
    """The frames a statement reads, as its `-- reads: a, b` header declares them (the load contract)."""
    return {name.strip() for m in _READS.finditer(sql) for name in m.group(1).split(",") if name.strip()}


def run_sql(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, frames: dict[str, pl.DataFrame] | None = None,
            params: dict | None = None) -> list[tuple]:
    """Run a statement file from sql/ (e.g. "load/articles.sql") against the frames it declares in its
    `-- reads:` header, registered under those names only while it runs; returns its rows."""
    sql = read_sql(sql_dir, name)
    frames = frames or {}
    wanted = declared_inputs(sql)
    if set(frames) != wanted:
        raise ValueError(f"sql/{name} reads {sorted(wanted)}, but was given {sorted(frames)}")
    for view, frame in frames.items():
        con.register(view, frame)
    try:
        return execute(con, sql, params)
    finally:
        for view in frames:
            con.unregister(view)


def run_load(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, frames: dict[str, pl.DataFrame]) -> None:
    """Run a load statement from sql/load/ against the frames it declares."""
    run_sql(con, sql_dir, f"load/{name}.sql", frames)
