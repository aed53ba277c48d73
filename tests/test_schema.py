"""The schema documents itself: every table and column has a comment, and the Polars schemas in
transforms/tables/schemas.py match the DuckDB tables column for column."""

import duckdb
import polars as pl
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
    """Names and types: an empty frame of the Polars schema, loaded through DuckDB, has the table's types."""
    cols = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                       "ORDER BY column_index", [table]).fetchall()
    con.register("polars_frame", pl.DataFrame(schema=schemas.TABLES[table]))
    try:
        arrived = con.execute("DESCRIBE SELECT * FROM polars_frame").fetchall()
    finally:
        con.unregister("polars_frame")
    as_text = {"JSON": "VARCHAR"}  # JSON columns are loaded from text
    assert [(name, type_) for name, type_, *_ in arrived] == [(n, as_text.get(t, t)) for n, t in cols]


def test_one_ddl_file_per_table():
    names = {p.stem for p in (PROJECT_ROOT / "sql" / "schema").glob("*.sql")}
    assert names == set(schemas.TABLES) | {"runs"}


def test_statements_declare_the_frames_they_read():
    """The load contract is declared once, in each statement's `-- reads:` header: every batch view a
    statement in sql/load or sql/queries names is declared (batch_changed is a temp table, not a frame)."""
    import re

    for path in sorted((PROJECT_ROOT / "sql").glob("*/*.sql")):
        if path.parent.name not in ("load", "queries"):
            continue
        sql = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
        named = set(re.findall(r"\b(batch_\w+|reprocess_ids)\b", body)) - {"batch_changed"}
        assert named == db.declared_inputs(sql), path.name
