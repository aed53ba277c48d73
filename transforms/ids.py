"""Deterministic ids: the same input gives the same key in every run and on every machine."""

from __future__ import annotations

import hashlib


def stable_id(*parts: str) -> str:
    """16 hex characters of sha256 over the parts; 64 bits keep collisions negligible at news scale."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:16]


def article_id(canonical_url: str) -> str:
    return stable_id("article", canonical_url)


def entity_id(key: str) -> str:
    return stable_id("entity", key)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
