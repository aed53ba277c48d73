"""Bytes to text: charset from the HTTP header, then the page's meta tag, then detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"OggS")


class DecodeError(ValueError):
    """Raised when bytes cannot be turned into HTML text; the message is the reject detail."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str
    charset_source: str  # header, meta, bom, detected


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'").lower())
    except LookupError:
        return None
    # Browsers treat latin-1 labels as windows-1252 (WHATWG); so do we, it is a superset.
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name


def looks_like_html(data: bytes, content_type: str | None) -> bool:
    head = data[:2048].lstrip()
    if head.startswith(_BINARY_MAGIC):
        return False
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype and ctype not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        return False
    return bool(_HTML_SNIFF.search(data[:4096]))


def decode_html(data: bytes, header_charset: str | None = None, content_type: str | None = None) -> Decoded:
    """Decode a page; raise DecodeError with a reject reason when it is not decodable HTML."""
    if not data.strip():
        raise DecodeError("empty", "the response body is empty")
    if not looks_like_html(data, content_type):
        raise DecodeError("not_html", f"content is not HTML (content-type {content_type or 'none'})")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DecodeError("undecodable", "binary bytes (NUL) in an HTML response")
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(name, errors="replace"), name, "bom")
    candidates: list[tuple[str, str]] = []
    if (c := _codec(header_charset)):
        candidates.append((c, "header"))
    m = _META_CHARSET.search(data[:8192])
    if m and (c := _codec(m.group(1).decode("ascii", "ignore"))):
        candidates.append((c, "meta"))
    if candidates and candidates[0][0] == "cp1252" and not data.isascii():
        # Valid multi-byte UTF-8 almost never occurs in real latin-1 text, while UTF-8 pages
        # served with a stale latin-1 header are common.
        try:
            return Decoded(data.decode("utf-8"), "utf-8", "detected")
        except UnicodeDecodeError:
            pass
    for codec, source in candidates:
        try:
            return Decoded(data.decode(codec), codec, source)
        except UnicodeDecodeError:
            continue  # a wrong header is common; fall through to the next witness
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None:
        raise DecodeError("undecodable", "no charset decodes these bytes")
    codec = _codec(best.encoding) or "utf-8"
    return Decoded(data.decode(codec, errors="replace"), codec, "detected")
