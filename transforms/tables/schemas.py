"""Polars schemas of the tables, column for column as in sql/schema (a test keeps them in step)."""

from __future__ import annotations

import polars as pl
from polars._typing import PolarsDataType

Schema = dict[str, PolarsDataType]

TS = pl.Datetime("us", "UTC")
STRS = pl.List(pl.String)

ARTICLES: Schema = {
    "article_id": pl.String, "url": pl.String, "final_url": pl.String, "canonical_url": pl.String,
    "source": pl.String, "title": pl.String, "authors": STRS, "agency_byline": pl.String,
    "published_at": TS, "published_at_source": pl.String, "modified_at": TS,
    "modified_at_source": pl.String, "date_conflict": pl.Boolean, "language": pl.String,
    "site_name": pl.String, "description": pl.String, "lead": pl.String, "body": pl.String,
    "paragraphs": STRS, "word_count": pl.Int32, "page_kind": pl.String, "raw_sha256": pl.String,
    "content_hash": pl.String, "extractor_version": pl.String, "first_run_id": pl.String,
    "run_id": pl.String, "fetched_at": TS, "updated_at": TS,
    "truncated": pl.String,  # added by ALTER in sql/schema/articles.sql, so it comes last
}
ARTICLE_BLOCKS: Schema = {
    "article_id": pl.String, "seq": pl.Int32, "role": pl.String, "text": pl.String,
    "xpath": pl.String, "reason": pl.String, "body_start": pl.Int32, "body_end": pl.Int32,
}
PHOTO_CAPTIONS: Schema = {
    "article_id": pl.String, "ordinal": pl.Int32, "image_url": pl.String, "caption": pl.String,
    "credit": pl.String, "photographer": pl.String, "agency": pl.String, "pool": pl.Boolean,
    "alt_text": pl.String, "is_lead_image": pl.Boolean, "caption_source": pl.String,
}
QUOTES: Schema = {
    "article_id": pl.String, "ordinal": pl.Int32, "text": pl.String, "char_start": pl.Int32,
    "char_end": pl.Int32, "partial": pl.Boolean, "paragraph_index": pl.Int32, "speaker": pl.String,
    "speaker_entity_id": pl.String, "speaker_type": pl.String, "cue": pl.String, "method": pl.String,
    "confidence": pl.Float64, "quote_hash": pl.String,
}
ENTITIES: Schema = {
    "entity_id": pl.String, "key": pl.String, "name": pl.String, "type": pl.String,
    "aliases": STRS, "first_seen": TS, "last_seen": TS,
}
ARTICLE_ENTITIES: Schema = {
    "article_id": pl.String, "entity_id": pl.String, "name": pl.String, "type": pl.String,
    "mention_count": pl.Int32, "caption_mentions": pl.Int32, "first_offset": pl.Int32,
    "surface_forms": STRS, "in_title": pl.Boolean, "in_lead": pl.Boolean,
}
RAW_PAGES: Schema = {
    "fetch_id": pl.String, "url": pl.String, "final_url": pl.String, "status": pl.Int32,
    "content_type": pl.String, "charset": pl.String, "bytes": pl.Int64, "sha256": pl.String,
    "fetched_at": TS, "elapsed_ms": pl.Float64, "attempts": pl.Int32, "etag": pl.String,
    "last_modified": pl.String, "not_modified": pl.Boolean, "error": pl.String, "source": pl.String,
    "run_id": pl.String, "method": pl.String, "robots": pl.String, "wire_bytes": pl.Int64,
    "warc_record": pl.String,
}
REJECTS: Schema = {
    "url": pl.String, "stage": pl.String, "reason": pl.String, "detail": pl.String,
    "source": pl.String, "run_id": pl.String, "rejected_at": TS,
}
CHECK_RESULTS: Schema = {
    "run_id": pl.String, "check": pl.String, "severity": pl.String, "rows": pl.Int32, "sample": pl.String,
    "checked_at": TS,
}
WATERMARKS: Schema = {"source_key": pl.String, "last_day": pl.Date, "run_id": pl.String, "updated_at": TS}
BACKFILL_DAYS: Schema = {
    "day": pl.Date, "source_key": pl.String, "run_id": pl.String, "status": pl.String, "counts": pl.String,
    "started_at": TS, "finished_at": TS,
}

TABLES: dict[str, Schema] = {
    "articles": ARTICLES, "article_blocks": ARTICLE_BLOCKS, "photo_captions": PHOTO_CAPTIONS,
    "quotes": QUOTES, "entities": ENTITIES, "article_entities": ARTICLE_ENTITIES,
    "raw_pages": RAW_PAGES, "rejects": REJECTS, "check_results": CHECK_RESULTS,
    "watermarks": WATERMARKS, "backfill_days": BACKFILL_DAYS,
}


def frame(rows: list[dict], schema: Schema) -> pl.DataFrame:
    """Rows to a frame with exactly the table's columns and types (missing keys become nulls)."""
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema, orient="row") \
        if rows else pl.DataFrame(schema=schema)
