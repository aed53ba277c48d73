"""Publishers (seeds/publishers.csv): what a site's domain tells about its pages (language, paywall)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Publisher:
    domain: str
    name: str
    country: str | None
    language: str | None
    paywall: str | None



def load_publishers(path: Path) -> dict[str, Publisher]:
    """seeds/publishers.csv keyed by domain (www. stripped)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("domain") or "").strip()]
    return {r["domain"].strip().lower().removeprefix("www."): Publisher(
        r["domain"].strip().lower(), r.get("publisher", "").strip(), r.get("country") or None,
        r.get("language") or None, r.get("paywall") or None) for r in rows}


def publisher_for(url: str, publishers: dict[str, Publisher]) -> Publisher | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in publishers:
            return publishers[host]
        host = host.partition(".")[2]
    return None
