"""Page results to table frames, with the run's ids stamped in. Pure: the run context is passed in."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from transforms.page import PageResult
from transforms.tables import schemas


@dataclass(frozen=True)
class RunContext:
    run_id: str
    now: datetime


def content_hash(result: PageResult) -> str:
    """Hash of everything extracted from a page, so an unchanged reload can be skipped."""
    article = {k: v for k, v in (result.article or {}).items()
               if k not in ("run_id", "first_run_id", "fetched_at", "updated_at", "raw_sha256")}
    payload = {
        "article": article,
        "blocks": _rows(result.blocks),
        "captions": _rows(result.captions),
        "quotes": _rows(result.quotes),
        "entities": _rows(result.entities),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()[:32]


def result_frames(results: Sequence[tuple[PageResult, dict]], ctx: RunContext) -> dict[str, pl.DataFrame]:
    """`results` pairs each PageResult with the fetch facts it came from (sha256, fetched_at, source)."""
    articles, blocks, captions, quotes, rejects = [], [], [], [], []
    article_entities: list[dict] = []
    entities: dict[str, dict] = {}
    seen: set[str] = set()
    for result, fetch in results:
        if result.reject is not None or result.article is None:
            r = result.reject
            rejects.append({"url": result.url, "stage": r.stage if r else "extract",
                            "reason": r.reason if r else "unknown", "detail": r.detail if r else None,
                            "source": fetch.get("source"), "run_id": ctx.run_id, "rejected_at": ctx.now})
            continue
        art = dict(result.article)
        aid = art["article_id"]
        if aid in seen:  # two URLs with one canonical URL: the first one wins in this batch
            continue
        seen.add(aid)
        art.update(raw_sha256=fetch.get("sha256"), content_hash=content_hash(result),
                   first_run_id=ctx.run_id, run_id=ctx.run_id, fetched_at=fetch.get("fetched_at"),
                   updated_at=ctx.now, truncated=result.truncated)
        articles.append(art)
        blocks += [{"article_id": aid, **b} for b in _rows(result.blocks)]
        captions += [{"article_id": aid, **c} for c in _rows(result.captions)]
        quotes += [{"article_id": aid, **q} for q in _rows(result.quotes)]
        for row in _rows(result.entities):
            article_entities.append({"article_id": aid, **row})
            e = entities.setdefault(row["entity_id"], {
                "entity_id": row["entity_id"], "key": row.get("key"), "name": row["name"],
                "type": row["type"], "aliases": set(), "first_seen": art.get("published_at"),
                "last_seen": art.get("published_at")})
            e["aliases"].update(row.get("surface_forms") or [])
            when = art.get("published_at")
            if when is not None:
                e["first_seen"] = min(filter(None, [e["first_seen"], when]))
                e["last_seen"] = max(filter(None, [e["last_seen"], when]))
    for e in entities.values():
        e["aliases"] = sorted(e["aliases"])
    return {
        "articles": schemas.frame(articles, schemas.ARTICLES),
        "article_blocks": schemas.frame(blocks, schemas.ARTICLE_BLOCKS),
        "photo_captions": schemas.frame(captions, schemas.PHOTO_CAPTIONS),
        "quotes": schemas.frame(quotes, schemas.QUOTES),
        "article_entities": schemas.frame(article_entities, schemas.ARTICLE_ENTITIES),
        "entities": schemas.frame(list(entities.values()), schemas.ENTITIES),
        "rejects": schemas.frame(rejects, schemas.REJECTS),
    }


def _rows(items: Sequence[object]) -> list[dict]:
    return [_row(x) for x in items]


def _row(x: object) -> dict:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return dataclasses.asdict(x)
    assert isinstance(x, dict), f"a row is a dataclass or a dict, not {type(x).__name__}"
    return dict(x)
