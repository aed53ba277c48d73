"""Safe XML and gzip reading for feeds and sitemaps: no entity expansion, no external entities,
decompression capped so a gzip bomb stops early."""

from __future__ import annotations

import re
import zlib
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)


class UnsafeXml(ValueError):
    """A document that declares entities or points at external ones (XML bomb, XXE)."""


class BadDocument(ValueError):
    """A document that is not what it claims (not XML, not gzip, too large); message says why."""


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip bytes, stopping as soon as the output would exceed max_bytes."""
    out = bytearray()
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    buf = data
    try:
        while buf:
            out += d.decompress(buf, max_bytes + 1 - len(out))
            if len(out) > max_bytes:
                raise BadDocument(f"gzip data expands past the cap of {max_bytes} bytes")
            buf = d.unconsumed_tail
            if d.eof and d.unused_data:  # a second gzip member
                buf, d = d.unused_data, zlib.decompressobj(16 + zlib.MAX_WBITS)
    except zlib.error as exc:
        raise BadDocument(f"not valid gzip data ({exc})") from exc
    return bytes(out)


def maybe_gunzip(data: bytes, max_bytes: int) -> bytes:
    if data[:2] == b"\x1f\x8b":
        return gunzip_capped(data, max_bytes)
    if len(data) > max_bytes:
        raise BadDocument(f"document of {len(data)} bytes exceeds the cap of {max_bytes} bytes")
    return data


def parse_xml(data: bytes) -> Element:
    """Parse XML with defusedxml: DTDs are allowed, entity declarations and external references are not."""
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXml(f"refused unsafe XML: {type(exc).__name__}") from exc
    except ParseError as exc:
        raise BadDocument(f"not well-formed XML ({exc})") from exc


def declares_entities(data: bytes) -> bool:
    return bool(_ENTITY_DECL.search(data))


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_w3c_datetime(value: str | None) -> datetime | None:
    """W3C datetime (YYYY, YYYY-MM, YYYY-MM-DD, with time and zone) to an aware UTC datetime."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def in_window(when: datetime | None, since: date | None, until: date | None) -> bool:
    """True when the date lies in [since, until] (days, inclusive). Undated entries are kept."""
    if when is None:
        return True
    day = when.astimezone(UTC).date()
    return (since is None or day >= since) and (until is None or day <= until)
