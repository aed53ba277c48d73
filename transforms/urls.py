"""URL canonicalisation: the canonical URL is what article ids are hashed from."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import courlan

ALLOWED_SCHEMES = ("http", "https", "file")


def canonical_url(url: str) -> str:
    """Lower-cased host, default port dropped, tracking parameters stripped, query sorted,
    fragment removed. file:// URLs are only stripped of their fragment."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme == "file":
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    try:
        url = courlan.normalize_url(url, strict=False)
    except (ValueError, TypeError):  # courlan raises on some malformed hosts; keep what we have
        pass
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def scheme_of(url: str) -> str:
    return urlsplit(url).scheme.lower()


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
