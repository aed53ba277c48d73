"""The data dictionary, written from the database catalog so it cannot drift from the schema.

Everything in docs/schema.md comes from DuckDB itself: tables and views from duckdb_tables() and
duckdb_views(), grains from primary keys (tables) or the "Grain: ..." sentence of the comment
(views, which have no keys), descriptions from COMMENT ON. Relationships come from the column
comments too: a comment that names its target as "(table.column)" is a reference, so adding a
foreign-key-like column with a proper comment adds it to the ER diagram.

The repository copy is generated from a fresh in-memory database with sql/ applied, without row
counts, so it only changes when the schema does. Row counts are written only when documenting a
real database (`news-etl docs --db PATH --out FILE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.io import db

REFERENCE = re.compile(r"\((\w+)\.(\w+)\)")
GRAIN = re.compile(r"\s*Grain:\s*([^.]+)\.?\s*$")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    nullable: bool
    comment: str


@dataclass(frozen=True)
class Relation:
    name: str
    kind: str  # "table" or "view"
    comment: str
    grain: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: int | None = None


@dataclass(frozen=True)
class Reference:
    """child.column points at parent.parent_column (taken from the column comment)."""

    child: str
    column: str
    parent: str
    parent_column: str
    nullable: bool


def _grain_from_comment(comment: str) -> tuple[str, ...]:
    m = GRAIN.search(comment)
    return tuple(c.strip() for c in m.group(1).split(",")) if m else ()


def catalog(con: duckdb.DuckDBPyConnection, with_counts: bool = False) -> list[Relation]:
    """Tables then views of the main schema, each with its columns in order."""
    cols: dict[str, list[Column]] = {}
    for table, name, dtype, nullable, comment in db.execute(con, (
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(comment, '') "
            "FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' "
            "ORDER BY table_name, column_index")):
        cols.setdefault(table, []).append(Column(name, dtype, bool(nullable), comment))
    keys = {t: tuple(c) for t, c in db.execute(con, (
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
        "WHERE constraint_type = 'PRIMARY KEY' AND schema_name = 'main'"))}
    out: list[Relation] = []
    for name, comment in db.execute(con, (
            "SELECT table_name, coalesce(comment, '') FROM duckdb_tables() "
            "WHERE NOT internal AND NOT temporary AND schema_name = 'main' ORDER BY table_name")):
        # Counting a table reads its row-group metadata only; views are never counted (a view
        # like entity_cooccurrence is a self-join and may be expensive).
        rows = db.execute(con, f'SELECT count(*) FROM "{name}"')[0][0] if with_counts else None
        out.append(Relation(name, "table", comment, keys.get(name, ()), tuple(cols.get(name, [])), rows))
    for name, comment in db.execute(con, (
            "SELECT view_name, coalesce(comment, '') FROM duckdb_views() "
            "WHERE NOT internal AND NOT temporary AND schema_name = 'main' ORDER BY view_name")):
        out.append(Relation(name, "view", comment, _grain_from_comment(comment), tuple(cols.get(name, []))))
    return out


def references(relations: list[Relation]) -> list[Reference]:
    """Table-to-table references named in column comments as (table.column)."""
    tables = {r.name: r for r in relations if r.kind == "table"}
    refs = []
    for rel in tables.values():
        for col in rel.columns:
            for parent, parent_col in REFERENCE.findall(col.comment):
                target = tables.get(parent)
                if target is None or parent == rel.name or parent_col not in {c.name for c in target.columns}:
                    continue
                refs.append(Reference(rel.name, col.name, parent, parent_col, col.nullable))
    return sorted(refs, key=lambda r: (r.parent, r.child, r.column))


def missing_comments(relations: list[Relation]) -> list[str]:
    """Tables, views and columns without a comment, as table or table.column."""
    missing = [r.name for r in relations if not r.comment.strip()]
    missing += [f"{r.name}.{c.name}" for r in relations for c in r.columns if not c.comment.strip()]
    return missing


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _describe(comment: str) -> str:
    # The grain has its own line, so the sentence is not repeated in the description.
    return _cell(GRAIN.sub("", comment).strip())


def _mermaid_type(data_type: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", data_type)


def er_diagram(relations: list[Relation]) -> list[str]:
    refs = references(relations)
    fk = {(r.child, r.column) for r in refs}
    lines = ["```mermaid", "erDiagram"]
    for r in refs:
        # |o : the child's column may be NULL (e.g. an unlinked speaker); || : always set.
        left = "|o" if r.nullable else "||"
        lines.append(f'    {r.parent} {left}--o{{ {r.child} : "{r.column}"')
    for rel in (r for r in relations if r.kind == "table"):
        keys = [c for c in rel.columns if c.name in rel.grain or (rel.name, c.name) in fk]
        lines.append(f"    {rel.name} {{")
        for c in keys:
            marks = ",".join(m for m, on in (("PK", c.name in rel.grain), ("FK", (rel.name, c.name) in fk)) if on)
            lines.append(f"        {_mermaid_type(c.data_type)} {c.name} {marks}")
        lines.append("    }")
    lines.append("```")
    return lines


def render(relations: list[Relation], source: str) -> str:
    """The whole docs/schema.md text. `source` says what was documented (shown in the header)."""
    tables = [r for r in relations if r.kind == "table"]
    views = [r for r in relations if r.kind == "view"]
    counted = any(r.rows is not None for r in tables)
    out = [
        "# Data dictionary",
        "",
        f"Generated by `news-etl docs` from {source}. Do not edit by hand: change the `COMMENT ON`",
        "statements in `sql/schema/` or `sql/views/` and run `make docs`.",
        "",
        "Days are UTC dates. An article's day is its publication date, or its fetch date when the page",
        "states none (view `article_days`).",
        "",
        "## Relationships",
        "",
        "Arrows come from column comments that name their target as `(table.column)`.",
        "",
        *er_diagram(relations),
        "",
        "## Tables",
        "",
        "| table | grain | rows | description |" if counted else "| table | grain | description |",
        "| --- | --- | --- | --- |" if counted else "| --- | --- | --- |",
    ]
    for r in tables:
        rows = f" {r.rows} |" if counted else ""
        out.append(f"| [{r.name}](#{r.name}) | {', '.join(r.grain)} |{rows} {_describe(r.comment)} |")
    out += ["", "## Views", "", "| view | grain | description |", "| --- | --- | --- |"]
    out += [f"| [{r.name}](#{r.name}) | {', '.join(r.grain)} | {_describe(r.comment)} |" for r in views]
    for r in tables + views:
        out += ["", f"### {r.name}", "", _describe(r.comment), ""]
        facts = [f"Grain: `{', '.join(r.grain)}`" if r.grain else "Grain: not stated"]
        if r.rows is not None:
            facts.append(f"rows: {r.rows}")
        facts.append(f"defined in `sql/{'schema' if r.kind == 'table' else 'views'}/{r.name}.sql`")
        out += ["; ".join(facts) + ".", ""]
        if r.kind == "table":
            out += ["| column | type | null | description |", "| --- | --- | --- | --- |"]
            out += [f"| {c.name} | {c.data_type} | {'yes' if c.nullable else 'no'} | {_cell(c.comment)} |"
                    for c in r.columns]
        else:
            out += ["| column | type | description |", "| --- | --- | --- |"]
            out += [f"| {c.name} | {c.data_type} | {_cell(c.comment)} |" for c in r.columns]
    return "\n".join(out) + "\n"


def schema_catalog(sql_dir: Path) -> list[Relation]:
    """The catalog of the schema in the repository: a fresh in-memory database with sql/ applied."""
    con = duckdb.connect(":memory:")
    try:
        db.apply_schema(con, sql_dir)
        return catalog(con)
    finally:
        con.close()


def repo_schema_doc(sql_dir: Path) -> str:
    """What docs/schema.md must contain (no row counts, so it only changes with the schema)."""
    return render(schema_catalog(sql_dir), "the schema in `sql/` (a fresh, empty database)")


def database_doc(db_path: Path) -> str:
    """The dictionary of a real database, with row counts (write it outside the repo)."""
    con = db.connect(db_path, read_only=True)
    try:
        return render(catalog(con, with_counts=True), f"the database `{db_path.name}` (with row counts)")
    finally:
        con.close()
