"""The data dictionary cannot go stale: every table, view and column is commented, and
docs/schema.md is exactly what `news-etl docs` writes for the schema in sql/."""

import pytest

from analyst import docs
from flows.settings import PROJECT_ROOT

SCHEMA_MD = PROJECT_ROOT / "docs" / "schema.md"


@pytest.fixture(scope="module")
def relations():
    return docs.schema_catalog(PROJECT_ROOT / "sql")


def test_every_table_view_and_column_has_a_comment(relations):
    assert {r.kind for r in relations} == {"table", "view"}
    assert docs.missing_comments(relations) == []


def test_every_view_states_its_grain(relations):
    views = {r.name: r for r in relations if r.kind == "view"}
    assert [name for name, v in views.items() if not v.grain] == []
    for v in views.values():  # the grain names real columns of the view
        assert set(v.grain) <= {c.name for c in v.columns}, v.name


def test_table_comments_state_the_primary_key_as_grain(relations):
    for t in (r for r in relations if r.kind == "table"):
        assert docs._grain_from_comment(t.comment) == t.grain, t.name


def test_one_file_per_view(relations):
    views = {r.name for r in relations if r.kind == "view"}
    assert views == {p.stem for p in (PROJECT_ROOT / "sql" / "views").glob("*.sql")}


def test_relationships_come_from_column_comments(relations):
    refs = {(r.parent, r.child, r.column) for r in docs.references(relations)}
    assert {("articles", "quotes", "article_id"), ("articles", "photo_captions", "article_id"),
            ("articles", "article_entities", "article_id"), ("articles", "article_blocks", "article_id"),
            ("entities", "article_entities", "entity_id"), ("entities", "quotes", "speaker_entity_id"),
            ("runs", "raw_pages", "run_id"), ("runs", "rejects", "run_id")} <= refs


def test_schema_md_is_up_to_date():
    expected = docs.repo_schema_doc(PROJECT_ROOT / "sql")
    current = SCHEMA_MD.read_text(encoding="utf-8") if SCHEMA_MD.exists() else ""
    assert current == expected, "docs/schema.md is stale: run `make docs` (news-etl docs)"


def test_row_counts_only_for_a_real_database(sample_db):
    text = docs.database_doc(sample_db)
    assert "| table | grain | rows | description |" in text
    assert "| [articles](#articles) | article_id | 11 |" in text
    assert "rows:" not in docs.repo_schema_doc(PROJECT_ROOT / "sql")
