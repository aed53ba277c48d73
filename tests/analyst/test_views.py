"""Each analyst view on hand-written rows (tests/analyst/fixtures.py), compared row for row."""

from datetime import date

import pytest

from tests.analyst.fixtures import fixture_db, layout_change_db, rows

D1, D2 = date(2024, 3, 1), date(2024, 3, 2)


@pytest.fixture(scope="module")
def con():
    c = fixture_db()
    # Days must not depend on the session time zone: in Berlin, a2 (23:30 UTC) is already 2 March.
    c.execute("SET TimeZone = 'Europe/Berlin'").fetchall()
    yield c
    c.close()


def test_article_days(con):
    got = rows(con, "SELECT article_id, day, day_source FROM article_days ORDER BY article_id")
    assert got == [
        {"article_id": "a1", "day": D1, "day_source": "published"},
        {"article_id": "a2", "day": D1, "day_source": "published"},
        {"article_id": "a3", "day": D2, "day_source": "fetched"},
        {"article_id": "a4", "day": D2, "day_source": "published"},
    ]


def test_daily_articles(con):
    assert rows(con, "SELECT * FROM daily_articles ORDER BY day, source") == [
        {"day": D1, "source": "alpha", "language": "de", "articles": 2, "with_author": 1, "agency_copy": 1,
         "words": 150},
        {"day": D2, "source": "beta", "language": "en", "articles": 2, "with_author": 2, "agency_copy": 0,
         "words": 280},
    ]


def test_quotes_by_speaker(con):
    assert rows(con, "SELECT * FROM quotes_by_speaker ORDER BY quotes DESC") == [
        {"speaker_key": "e1", "speaker_entity_id": "e1", "speaker": "Antony Blinken", "quotes": 4, "articles": 2,
         "sources": 2, "first_seen": D1, "last_seen": D2, "sample_quote": "Wir reden weiter."},
        {"speaker_key": "name:Eine Sprecherin", "speaker_entity_id": None, "speaker": "Eine Sprecherin",
         "quotes": 1, "articles": 1, "sources": 1, "first_seen": D2, "last_seen": D2,
         "sample_quote": "No comment."},
    ]


def test_entity_mentions_daily(con):
    got = rows(con, "SELECT day, entity_id, name, articles, sources, mentions, caption_mentions, title_articles "
                    "FROM entity_mentions_daily ORDER BY day, entity_id")
    assert [tuple(r.values()) for r in got] == [
        (D1, "e1", "Antony Blinken", 2, 1, 4, 1, 1),
        (D1, "e2", "Sergej Lawrow", 1, 1, 2, 0, 0),
        (D1, "e3", "Genf", 1, 1, 1, 0, 0),
        (D2, "e1", "Antony Blinken", 1, 1, 2, 0, 0),
        (D2, "e2", "Sergej Lawrow", 1, 1, 1, 0, 0),
        (D2, "e3", "Genf", 1, 1, 1, 0, 0),
    ]


def test_entity_cooccurrence(con):
    got = rows(con, "SELECT name_a, name_b, type_b, articles, first_seen, last_seen FROM entity_cooccurrence "
                    "ORDER BY entity_id_a, entity_id_b")
    assert [tuple(r.values()) for r in got] == [
        ("Antony Blinken", "Sergej Lawrow", "PER", 2, D1, D2),
        ("Antony Blinken", "Genf", "LOC", 2, D1, D2),
        ("Sergej Lawrow", "Genf", "LOC", 1, D2, D2),
    ]


def test_captions_by_agency(con):
    got = rows(con, "SELECT * FROM captions_by_agency ORDER BY agency, photographer")
    assert [tuple(r.values()) for r in got] == [
        ("(none)", "(unnamed)", 1, 1, 1, 0, 0, D2, D2),
        ("AP", "(unnamed)", 1, 1, 1, 0, 1, D1, D1),
        ("AP", "Alex Brandon", 2, 2, 2, 1, 2, D1, D2),
    ]


def test_syndicated_quotes(con):
    assert rows(con, "SELECT * FROM syndicated_quotes") == [
        {"quote_hash": "h1", "text": "Wir reden weiter.", "speaker": "Blinken", "articles": 2, "sources": 2,
         "source_list": ["alpha", "beta"], "first_seen": D1, "last_seen": D2},
    ]


def test_extraction_health(con):
    assert rows(con, "SELECT * FROM extraction_health ORDER BY source, day") == [
        {"source": "alpha", "day": D1, "articles": 2, "rejects": 0, "title_rate": 1.0, "date_rate": 1.0,
         "authors_rate": 0.5, "captions_rate": 0.5, "quotes_rate": 0.5, "entities_rate": 1.0,
         "reject_rate": 0.0, "dropped": []},
        {"source": "beta", "day": D2, "articles": 2, "rejects": 2, "title_rate": 0.5, "date_rate": 0.5,
         "authors_rate": 1.0, "captions_rate": 1.0, "quotes_rate": 1.0, "entities_rate": 0.5,
         "reject_rate": 0.5, "dropped": []},
    ]


def test_extraction_health_flags_a_layout_change():
    con = layout_change_db(days=8)
    got = rows(con, "SELECT day, authors_rate, dropped FROM extraction_health ORDER BY day")
    assert [r["dropped"] for r in got] == [[]] * 7 + [["authors"]]
    assert got[-1]["authors_rate"] == 0.0


def test_extraction_health_needs_a_baseline_before_flagging():
    # Day 2 has only day 1's two articles behind it: too little to call a drop.
    con = layout_change_db(days=2)
    assert [r["dropped"] for r in rows(con, "SELECT dropped FROM extraction_health ORDER BY day")] == [[], []]


def test_views_survive_reapplying_the_schema(con):
    from flows.io import db
    from flows.settings import PROJECT_ROOT

    db.apply_schema(con, PROJECT_ROOT / "sql")
    assert rows(con, "SELECT count(*) AS n FROM daily_articles") == [{"n": 2}]
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal AND comment IS NULL").fetchall() \
        == [(0,)]
