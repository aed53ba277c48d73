"""Sitemaps to entries: sitemap indexes, URL sets (with Google News tags) and plain-text sitemaps.

Pure: bytes in, a Sitemap out. Gzip is detected by its magic bytes, and decompression is capped.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime

from transforms.sources.xmlsafe import BadDocument, local_name, maybe_gunzip, parse_w3c_datetime, parse_xml

# The sitemap protocol caps a sitemap at 50 MB uncompressed and 50,000 URLs.
MAX_SITEMAP_BYTES = 50_000_000


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None = None
    news_published: datetime | None = None  # news:publication_date
    news_title: str | None = None  # news:title
    news_language: str | None = None  # news:publication/news:language

    @property
    def when(self) -> datetime | None:
        return self.news_published or self.lastmod


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "index" (entries are sitemaps) or "urlset" (entries are pages)
    entries: tuple[SitemapEntry, ...]


def _text(el, name: str) -> str | None:
    for child in el:
        if local_name(child.tag) == name:
            return (child.text or "").strip() or None
    return None


def _news(el) -> tuple[datetime | None, str | None, str | None]:
    for child in el:
        if local_name(child.tag) == "news":
            lang = None
            for pub in child:
                if local_name(pub.tag) == "publication":
                    lang = _text(pub, "language")
            return parse_w3c_datetime(_text(child, "publication_date")), _text(child, "title"), lang
    return None, None, None


def parse_sitemap(data: bytes, max_bytes: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """Raises UnsafeXml for entity declarations and BadDocument for anything not a sitemap."""
    data = maybe_gunzip(data, max_bytes)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        lines = data.decode("utf-8", errors="replace").splitlines()
        urls = [ln.strip() for ln in lines if ln.strip().startswith(("http://", "https://"))]
        if not urls:
            raise BadDocument("neither an XML sitemap nor a text sitemap of URLs")
        return Sitemap("urlset", tuple(SitemapEntry(u) for u in urls))
    root = parse_xml(data)
    kind = local_name(root.tag)
    if kind == "sitemapindex":
        entries = [SitemapEntry(loc, parse_w3c_datetime(_text(el, "lastmod")))
                   for el in root if local_name(el.tag) == "sitemap" and (loc := _text(el, "loc"))]
        return Sitemap("index", tuple(entries))
    if kind == "urlset":
        out = []
        for el in root:
            if local_name(el.tag) != "url" or not (loc := _text(el, "loc")):
                continue
            published, title, lang = _news(el)
            out.append(SitemapEntry(loc, parse_w3c_datetime(_text(el, "lastmod")), published, title, lang))
        return Sitemap("urlset", tuple(out))
    raise BadDocument(f"root element <{kind}> is neither <urlset> nor <sitemapindex>")


def looks_like_sitemap(data: bytes) -> bool:
    """Sniff a listing: True for a sitemap (index or urlset), False for anything else (a feed)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 4096)
        except zlib.error:  # a broken gzip is judged by the parser later
            return False
    head = data[:4096]
    return b"<urlset" in head or b"<sitemapindex" in head or b":urlset" in head or b":sitemapindex" in head
