"""Which picture a caption belongs to, and that picture's URL: the largest srcset variant, else a
lazy-loading attribute, else src, made absolute."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

_DESCRIPTOR = re.compile(r"([\d.]+)[wx]\b")


def srcset_candidates(value: str) -> list[tuple[str, str]]:
    """(url, descriptor) pairs of a srcset, parsed as the HTML standard does: a URL runs to the next
    whitespace, so commas inside it ("crop/w=800,h=450") do not split it; its descriptor runs to the next comma."""
    out: list[tuple[str, str]] = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url, desc = value[start:pos], ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = pos
            while pos < n and value[pos] != ",":
                pos += 1
            desc = value[start:pos].strip()
        if url:
            out.append((url, desc))
    return out


def best_src(img: etree._Element, base: str) -> str | None:
    """Largest srcset variant, else the lazy-loading attributes, else src; made absolute."""
    best: tuple[float, str] | None = None
    # srcset, and the lazy-loaders' data-srcset, data-lazy-srcset, data-flickity-lazyload-srcset, ...
    for attr in [a for a in img.keys() if a == "srcset" or (a.startswith("data-") and a.endswith("srcset"))]:
        for cand, desc in srcset_candidates(img.get(attr) or ""):
            m = _DESCRIPTOR.match(desc)
            size = float(m.group(1)) if m else 0.0
            if best is None or size > best[0]:
                best = (size, cand)
    src = best[1] if best else None
    other_lazy = [a for a in img.keys() if a.startswith("data-") and a.endswith("src")]
    for attr in ("data-src", "data-lazy-src", "data-original", "src", *other_lazy):
        if src:
            break
        v = img.get(attr)
        if v and not v.startswith("data:"):
            src = v
    if not src or src.startswith("data:"):
        return None
    try:
        return urljoin(base, src.strip())
    except ValueError:
        return src.strip()


def image_near(el: etree._Element) -> etree._Element | None:
    """The picture a caption belongs to: the first img of its figure, else of a near ancestor."""
    node = el
    for _ in range(4):
        node = node.getparent()
        if node is None or not isinstance(node.tag, str):
            return None
        imgs = list(node.iter("img"))
        if imgs:
            return imgs[0]
        if node.tag == "figure":
            return None
    return None
