"""The schema documents itself: every table and column has a comment, and the Polars schemas in
transforms/tables/schemas.py match the DuckDB tables column for column."""

import duckdb
import pytest

from flows.io import db
from flows.settings import PROJECT_ROOT
from transforms.tables import schemas


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect(":memory:")
    db.apply_schema(c, PROJECT_ROOT / "sql")
    yield c
    c.close()


def test_every_table_and_column_has_a_comment(con):
    tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE NOT temporary").fetchall()
    assert {t for t, _ in tables} >= set(schemas.TABLES) | {"runs"}
    assert [t for t, c in tables if not c] == []
    missing = con.execute("SELECT table_name || '.' || column_name FROM duckdb_columns() "
                          "WHERE NOT internal AND (comment IS NULL OR comment = '')").fetchall()
    assert missing == []


@pytest.mark.parametrize("table", sorted(schemas.TABLES))
def test_polars_schema_matches_table(con, table):
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]).fetchall()]
    assert cols == list(schemas.TABLES[table])


def test_one_ddl_file_per_table():
    names = {p.stem for p in (PROJECT_ROOT / "sql" / "schema").glob("*.sql")}
    assert names == set(schemas.TABLES) | {"runs"}
