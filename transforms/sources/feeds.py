"""RSS and Atom feeds to entries, with feedparser, after a defusedxml safety check.

feedparser is handed a stream, never a string: given a string it would treat it as a URL or a
file name and open it.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

from transforms.sources.xmlsafe import BadDocument, UnsafeXml, declares_entities, maybe_gunzip, parse_xml

MAX_FEED_BYTES = 20_000_000


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: datetime | None = None
    language: str | None = None


def _when(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def parse_feed(data: bytes, base_url: str | None = None, max_bytes: int = MAX_FEED_BYTES) -> list[FeedEntry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed; relative links resolve against base_url.

    Raises UnsafeXml for entity declarations or external entities, BadDocument for non-feeds."""
    data = maybe_gunzip(data, max_bytes)
    try:
        parse_xml(data)
    except BadDocument:
        # feedparser's loose parser copes with some broken feeds; never give it entity declarations.
        if declares_entities(data):
            raise UnsafeXml("refused unsafe XML: entity declaration in a malformed document") from None
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise BadDocument(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    language = parsed.feed.get("language") or None
    out = []
    for entry in parsed.entries:
        link = entry.get("link") or next(
            (lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
        if not link:
            continue
        out.append(FeedEntry(link.strip(), entry.get("title") or None, _when(entry), language))
    return out
