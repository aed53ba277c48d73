"""DuckDB: open the database, apply the schema from sql/schema, run the statements in sql/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


def connect(path: Path, read_only: bool = False, wait_seconds: float = 0.0) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file; when another process holds the lock, wait up to `wait_seconds`."""
    path = Path(path)
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for database {path}: {exc.strerror}") from exc
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
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


def run_load(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, frames: dict[str, pl.DataFrame]) -> None:
    """Run a load statement from sql/load/ against frames registered under the given view names."""
    for view, frame in frames.items():
        con.register(view, frame)
    try:
        execute(con, read_sql(sql_dir, f"load/{name}.sql"))
    finally:
        for view in frames:
            con.unregister(view)
