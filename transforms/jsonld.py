"""A page's JSON-LD, parsed once and shared by the stages that read it (metadata, captions)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from lxml import etree

_SCRIPTS = etree.XPath("//script[@type='application/ld+json']")


@dataclass(frozen=True)
class JsonLd:
    """One <script type="application/ld+json"> of the page.

    `strict` says whether the text is strict JSON too. Many sites put raw line breaks inside JSON-LD
    strings: metadata reads those scripts anyway (lenient), while captions only ever read the strict
    ones; the flag keeps both readings as they were when each stage parsed the scripts itself.
    """

    data: Any
    strict: bool


def parse_json_ld(root: etree._Element) -> tuple[JsonLd, ...]:
    """Every JSON-LD script of the page that parses (leniently), in document order."""
    out = []
    for node in _SCRIPTS(root):
        text = node.text or ""
        try:
            out.append(JsonLd(json.loads(text), True))
            continue
        except ValueError:
            pass
        try:  # an empty script reads as null, as it always did for metadata
            out.append(JsonLd(json.loads(text or "null", strict=False), False))
        except ValueError:
            continue
    return tuple(out)
