"""Photo captions from the DOM (figcaption, caption-class elements), JSON-LD ImageObjects and
og:image:alt, with the credit split off and parsed.

Visible captions win; JSON-LD fills in credits a figcaption lacks. The same caption printed twice
(cover and inline, or a slideshow) is stored once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from lxml import etree

from transforms.blocks_dom import (clean_text, context, el_text, has_caption_class, has_credit_class, key,
                                   link_density, xpath_of)
from transforms.credits import AgencyTable, parse_credit, split_caption_credit, strip_label
from transforms.records import Caption

MAX_CAPTION_CHARS = 700
# Contexts where a captioned picture belongs to another article (teaser cards) or to the site chrome.
_FOREIGN = {"nav", "footer", "teaser:related", "teaser:recommend", "teaser:recommended", "teaser:outbrain",
            "teaser:taboola", "teaser:mostread", "teaser:most-read", "teaser:popular", "teaser:trending",
            "teaser:newsletter", "teaser:comments", "teaser:promo", "teaser:readmore"}


@dataclass(frozen=True)
class FoundCaption:
    """A caption with the DOM element it came from (the block classifier needs the element)."""

    caption: Caption
    element: etree._Element | None
    doc_index: int


def _best_src(img: etree._Element, base: str) -> str | None:
    """Largest srcset variant, else the lazy-loading attributes, else src; made absolute."""
    best: tuple[float, str] | None = None
    for attr in ("srcset", "data-srcset", "data-lazy-srcset"):
        for item in (img.get(attr) or "").split(","):
            bits = item.strip().split()
            if not bits:
                continue
            size = 0.0
            if len(bits) > 1:
                m = re.match(r"([\d.]+)[wx]$", bits[1])
                size = float(m.group(1)) if m else 0.0
            if best is None or size > best[0]:
                best = (size, bits[0])
    src = best[1] if best else None
    for attr in ("data-src", "data-lazy-src", "data-original", "src"):
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


def _image_near(el: etree._Element) -> etree._Element | None:
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


def _caption_elements(root: etree._Element) -> Iterator[etree._Element]:
    """figcaptions, plus outermost caption-class elements that are not inside or around one."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "script", "img", "meta"):
            continue
        if el.tag == "figcaption":
            yield el
        elif has_caption_class(el):
            anc = el.getparent()
            inside = False
            while anc is not None:
                if anc.tag == "figcaption" or (isinstance(anc.tag, str) and has_caption_class(anc)):
                    inside = True
                    break
                anc = anc.getparent()
            if not inside and not any(True for _ in el.iter("figcaption")):
                yield el


def _credit_text(cap_el: etree._Element) -> tuple[str, list[str]]:
    """Texts of credit-class descendants (innermost), else of a credit element beside the caption
    in the container that holds its picture (figure or a small wrapper)."""
    inner = [d for d in cap_el.iter() if d is not cap_el and isinstance(d.tag, str) and has_credit_class(d)]
    inner = [d for d in inner if not any(o is not d and d in set(o.iterancestors()) for o in inner)]
    texts = [el_text(d) for d in inner if el_text(d)]
    if texts:
        return "", texts
    box = cap_el.getparent()
    for _ in range(3):
        if box is None:
            return "", []
        beside = [d for d in box.iter() if isinstance(d.tag, str) and d is not cap_el and has_credit_class(d)
                  and cap_el not in set(d.iterancestors()) and d not in set(cap_el.iterancestors())
                  and 0 < len(el_text(d)) < 150]
        if beside:
            return "", [el_text(beside[0])]
        if box.tag == "figure" or any(True for _ in box.iter("img")):
            return "", []
        box = box.getparent()
    return "", []


def _remove_piece(text: str, piece: str) -> str:
    i = text.rfind(piece)
    if i < 0:
        return text
    return clean_text(text[:i] + " " + text[i + len(piece):])


def _jsonld_images(root: etree._Element) -> Iterator[dict]:
    def walk(obj: object) -> Iterator[dict]:
        if isinstance(obj, dict):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if "ImageObject" in types:
                yield obj
            for k, v in obj.items():
                if k not in ("logo", "publisher", "author"):
                    yield from walk(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from walk(v)
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        yield from walk(data)


def _holder_name(v: object) -> str | None:
    if isinstance(v, dict):
        v = v.get("name")
    if isinstance(v, list):
        v = ", ".join(str(x.get("name") if isinstance(x, dict) else x) for x in v)
    return clean_text(str(v)) if v else None


def _make(ordinal: int, text: str, credit: str | None, url: str | None, alt: str | None, source: str,
          agencies: AgencyTable) -> Caption:
    parsed = parse_credit(credit, agencies) if credit else None
    return Caption(ordinal=ordinal, caption=text or None, credit=parsed.credit_raw if parsed else None,
                   photographer=parsed.photographer if parsed else None, agency=parsed.agency if parsed else None,
                   pool=parsed.pool if parsed else False, image_url=url, alt_text=alt or None,
                   caption_source=source)


def find_captions(root: etree._Element, url: str, agencies: AgencyTable) -> list[FoundCaption]:
    """Captions from the DOM in document order, deduplicated, then JSON-LD and og:image:alt ones."""
    order = {el: i for i, el in enumerate(root.iter())}
    out: list[FoundCaption] = []
    seen: dict[str, int] = {}
    for el in _caption_elements(root):
        ctx = context(el)
        if ctx & _FOREIGN:
            continue
        full = el_text(el)
        if not full or len(full) > MAX_CAPTION_CHARS or link_density(el) > 0.6:
            continue
        _, credits = _credit_text(el)
        text = full
        for c in credits:
            text = _remove_piece(text, c)
        credit = credits[0] if credits else None
        if credit is None:
            text, credit = split_caption_credit(text, agencies)
        elif text:
            text = split_caption_credit(text, agencies)[0] or text
        text = clean_text(re.sub(r"^(?:bild|foto|photo|image)\s*\d+\s*(?:von|of|/)\s*\d+\s*", "", text, flags=re.I))
        text = re.sub(r"\s*(?:[|/·]\s*)?(?:fotos?|photos?|bild|image|credit|quelle|©)\s*:?\s*$", "", text, flags=re.I)
        k = key(text)
        if not k or len(k.split()) < 2 and not credit:
            continue
        if k in seen:
            i = seen[k]
            prev = out[i].caption
            if not prev.credit and credit:  # keep the copy that carries the credit
                out[i] = FoundCaption(replace(_make(prev.ordinal, prev.caption or "", credit, prev.image_url,
                                                   prev.alt_text, prev.caption_source or "figcaption", agencies)),
                                      out[i].element, out[i].doc_index)
            continue
        img = _image_near(el)
        src = _best_src(img, url) if img is not None else None
        alt = clean_text(img.get("alt")) if img is not None else None
        source = "figcaption" if el.tag == "figcaption" or "figcaption" in ctx else "caption-class"
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, src, alt, source, agencies), el, order.get(el, 0)))
    _add_data_attrs(root, url, agencies, out, seen, order)
    _add_adjacent(root, url, agencies, out, seen, order)
    _add_jsonld(root, url, agencies, out, seen)
    _add_og_alt(root, agencies, out, seen)
    return _mark_lead(root, out, url)


def _add_data_attrs(root: etree._Element, url: str, agencies: AgencyTable, out: list[FoundCaption],
                    seen: dict[str, int], order: dict) -> None:
    """<img data-caption="..." data-source="...">: lightbox attributes carry the caption and credit."""
    for img in root.iter("img"):
        text = clean_text(img.get("data-caption") or img.get("data-title") or "")
        k = key(text)
        if len(k.split()) < 2 or k in seen:
            continue
        credit = clean_text(img.get("data-source") or img.get("data-credit") or img.get("data-copyright") or "") or None
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, _best_src(img, url), clean_text(img.get("alt")),
                                      "caption-class", agencies), img, order.get(img, 0)))


def _add_adjacent(root: etree._Element, url: str, agencies: AgencyTable, out: list[FoundCaption],
                  seen: dict[str, int], order: dict) -> None:
    """Text printed right after a picture in a small wrapper, without caption markup: the first short
    text block after the image is the caption, a following "Image: X"/"© X" line its credit."""
    for img in root.iter("img"):
        box = img.getparent()
        for _ in range(4):
            if box is None or len(el_text(box)) > 0:
                break
            box = box.getparent()
        if box is None or not (0 < len(el_text(box)) <= MAX_CAPTION_CHARS) or context(box) & _FOREIGN:
            continue
        # a wrapper of one picture and its caption, not a section of the article
        if sum(1 for _ in box.iter("img")) > 2 or any(True for _ in box.iter("figcaption")):
            continue
        if any(f.element is not None and (f.element in set(box.iter())) for f in out):
            continue
        texts = [el_text(d) for d in box.iter("p", "small", "span", "div")
                 if el_text(d) and not any(isinstance(c.tag, str) and el_text(c) == el_text(d) for c in d)]
        texts = [t for i, t in enumerate(texts) if t not in texts[:i]]
        if not texts or len(texts) > 4 or link_density(box) > 0.3:
            continue
        text, credit = split_caption_credit(texts[0], agencies)
        if credit is None and len(texts) > 1:
            rest, tail = split_caption_credit(texts[1], agencies)
            credit = tail if tail and not rest else None
        k = key(text)
        if len(k.split()) < 3 or k in seen:
            continue
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, _best_src(img, url), clean_text(img.get("alt")),
                                      "caption-class", agencies), box, order.get(box, 0)))


def _add_jsonld(root: etree._Element, url: str, agencies: AgencyTable, out: list[FoundCaption],
                seen: dict[str, int]) -> None:
    for obj in _jsonld_images(root):
        text = clean_text(str(obj.get("caption") or obj.get("description") or ""))
        credit = _holder_name(obj.get("creditText")) or _holder_name(obj.get("copyrightHolder")) \
            or _holder_name(obj.get("author"))
        if isinstance(obj.get("caption"), dict):
            text = clean_text(str(obj["caption"].get("text") or ""))
        text, inline = split_caption_credit(text, agencies)
        credit = credit or inline
        k = key(text)
        img = obj.get("url") or obj.get("contentUrl")
        img = img[0] if isinstance(img, list) and img else img
        if not k:
            continue
        if k in seen:
            i = seen[k]
            prev = out[i].caption
            if not prev.credit and credit:
                out[i] = FoundCaption(_make(prev.ordinal, prev.caption or "", credit, prev.image_url, prev.alt_text,
                                            prev.caption_source or "json-ld", agencies), out[i].element,
                                      out[i].doc_index)
            continue
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, urljoin(url, str(img)) if img else None, None,
                                      "json-ld", agencies), None, 10**9))


def _add_og_alt(root: etree._Element, agencies: AgencyTable, out: list[FoundCaption],
                seen: dict[str, int]) -> None:
    if out:  # og:image:alt is an alt text more often than a caption: only a fallback
        return
    for meta in root.xpath("//meta[@property='og:image:alt' or @name='og:image:alt']"):
        text, credit = split_caption_credit(meta.get("content") or "", agencies)
        k = key(text)
        if len(k.split()) >= 4 and k not in seen:
            img = root.xpath("//meta[@property='og:image']/@content")
            seen[k] = len(out)
            out.append(FoundCaption(_make(len(out), text, credit, img[0] if img else None, None, "og:image:alt",
                                          agencies), None, 10**9))


def _mark_lead(root: etree._Element, found: list[FoundCaption], url: str) -> list[FoundCaption]:
    """Order by document position, renumber, and flag the cover image (og:image, else the first)."""
    found = sorted(found, key=lambda f: f.doc_index)
    og = root.xpath("//meta[@property='og:image']/@content")
    og_name = re.sub(r"\W+", "", og[0].rsplit("/", 1)[-1].split("?")[0].casefold()) if og else ""
    lead = next((i for i, f in enumerate(found) if og_name and f.caption.image_url
                 and og_name == re.sub(r"\W+", "", f.caption.image_url.rsplit("/", 1)[-1].split("?")[0].casefold())),
                0)
    return [FoundCaption(replace(f.caption, ordinal=i, is_lead_image=(i == lead)), f.element, f.doc_index)
            for i, f in enumerate(found)]


__all__ = ["FoundCaption", "find_captions", "strip_label", "xpath_of"]
