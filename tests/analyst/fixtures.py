"""Hand-written rows for the analyst views: two sources over two days, small enough to check every
output row by hand. Used by the view tests and the digest tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import duckdb

from flows.io import db
from flows.settings import PROJECT_ROOT
from transforms.tables import schemas


def ts(day: str, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def article(article_id: str, source: str, language: str, published: datetime | None, fetched: datetime,
            **extra: object) -> dict:
    row = {"article_id": article_id, "url": f"https://{source}.example/{article_id}",
           "canonical_url": f"https://{source}.example/{article_id}", "source": source,
           "language": language, "title": f"Title {article_id}", "authors": [], "published_at": published,
           "fetched_at": fetched, "updated_at": fetched, "body": "text", "word_count": 100,
           "content_hash": article_id, "extractor_version": "test"}
    row.update(extra)
    return row


ARTICLES = [
    article("a1", "alpha", "de", ts("2024-03-01", 10), ts("2024-03-01", 12), authors=["Anna A"]),
    # 23:30 UTC is still 1 March, whatever the session's time zone.
    article("a2", "alpha", "de", ts("2024-03-01", 23, 30), ts("2024-03-01", 23, 45), agency_byline="dpa",
            word_count=50),
    # No publication date: the article belongs to its fetch day.
    article("a3", "beta", "en", None, ts("2024-03-02", 8), authors=["Ben B", "Cem C"], word_count=200),
    article("a4", "beta", "en", ts("2024-03-02", 9), ts("2024-03-02", 10), authors=["Dora D"], title=None,
            word_count=80),
]
ENTITIES = [
    {"entity_id": "e1", "key": "PER:antony blinken", "name": "Antony Blinken", "type": "PER"},
    {"entity_id": "e2", "key": "PER:sergej lawrow", "name": "Sergej Lawrow", "type": "PER"},
    {"entity_id": "e3", "key": "LOC:genf", "name": "Genf", "type": "LOC"},
]


def mention(article_id: str, entity_id: str, mentions: int, captions: int = 0, in_title: bool = False) -> dict:
    ent = next(e for e in ENTITIES if e["entity_id"] == entity_id)
    return {"article_id": article_id, "entity_id": entity_id, "name": ent["name"], "type": ent["type"],
            "mention_count": mentions, "caption_mentions": captions, "in_title": in_title}


ARTICLE_ENTITIES = [
    mention("a1", "e1", 3, captions=1, in_title=True), mention("a1", "e2", 2),
    mention("a2", "e1", 1), mention("a2", "e3", 1),
    mention("a3", "e1", 2), mention("a3", "e2", 1), mention("a3", "e3", 1),
]


def quote(article_id: str, ordinal: int, text: str, speaker: str | None, entity: str | None, qhash: str,
          partial: bool = False) -> dict:
    return {"article_id": article_id, "ordinal": ordinal, "text": text, "char_start": 0, "char_end": len(text),
            "partial": partial, "speaker": speaker, "speaker_entity_id": entity, "quote_hash": qhash}


QUOTES = [
    quote("a1", 0, "Wir reden weiter.", "Blinken", "e1", "h1"),
    quote("a1", 1, "offen", "Blinken", "e1", "h2", partial=True),
    quote("a3", 0, "We keep talking.", "Antony Blinken", "e1", "h3"),
    quote("a3", 1, "Wir reden weiter.", "Blinken", "e1", "h1"),  # syndicated: same hash as a1's
    quote("a4", 0, "No comment.", "Eine Sprecherin", None, "h4"),
    quote("a4", 1, "nothing", None, None, "h5"),  # nobody named: not in quotes_by_speaker
]
CAPTIONS = [
    {"article_id": "a1", "ordinal": 0, "caption": "c", "credit": "AP Photo/Alex Brandon, Pool",
     "photographer": "Alex Brandon", "agency": "AP", "pool": True},
    {"article_id": "a1", "ordinal": 1, "caption": "c", "credit": "AP", "agency": "AP", "pool": False},
    {"article_id": "a3", "ordinal": 0, "caption": "c", "credit": "AP Photo/Alex Brandon",
     "photographer": "Alex Brandon", "agency": "AP", "pool": False},
    {"article_id": "a4", "ordinal": 0, "caption": "c"},
]
REJECTS = [
    {"url": f"https://beta.example/{n}", "stage": "fetch", "reason": "http_404", "source": "beta",
     "run_id": "r1", "rejected_at": ts("2024-03-02", 10)} for n in ("x", "y")
]


def empty_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    db.apply_schema(con, PROJECT_ROOT / "sql")
    return con


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    con.register("fixture_rows", schemas.frame(rows, schemas.TABLES[table]))
    try:
        db.execute(con, f"INSERT INTO {table} BY NAME SELECT * FROM fixture_rows")
    finally:
        con.unregister("fixture_rows")


def fixture_db() -> duckdb.DuckDBPyConnection:
    con = empty_db()
    for table, rows in (("articles", ARTICLES), ("entities", ENTITIES), ("article_entities", ARTICLE_ENTITIES),
                        ("quotes", QUOTES), ("photo_captions", CAPTIONS), ("rejects", REJECTS)):
        insert(con, table, rows)
    return con


def layout_change_db(days: int = 8) -> duckdb.DuckDBPyConnection:
    """Source gamma: two articles a day with authors, until the last day's two have none."""
    con = empty_db()
    rows = []
    for i in range(days):
        day = (date(2024, 3, 1) + timedelta(days=i)).isoformat()
        for j in range(2):
            authors = ["X Y"] if i < days - 1 else []
            rows.append(article(f"g{i}-{j}", "gamma", "de", ts(day, 9), ts(day, 10), authors=authors))
    insert(con, "articles", rows)
    return con


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
