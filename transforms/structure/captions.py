"""Photo captions from the DOM (figcaption, caption-class elements), JSON-LD ImageObjects and
og:image:alt, with the credit split off and parsed.

Visible captions win; JSON-LD fills in credits a figcaption lacks. The same caption printed twice
(cover and inline, or a slideshow) is stored once. A picture printed with only a credit line (no
caption) is a row too, with caption None, so every credited article photo has its image URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urljoin

from lxml import etree

from transforms.jsonld import JsonLd, parse_json_ld
from transforms.records import Caption
from transforms.structure.credits import AgencyTable, parse_credit, split_caption_credit, strip_label
from transforms.structure.dom import Dom, clean_text, key, xpath_of
from transforms.structure.images import best_src, image_near
from transforms.structure.rules import text_rule

MAX_CAPTION_CHARS = 700
# Contexts where a captioned picture belongs to another article (teaser cards) or to the site chrome.
_FOREIGN = {"nav", "footer", "teaser:related", "teaser:recommend", "teaser:recommended", "teaser:outbrain",
            "teaser:taboola", "teaser:mostread", "teaser:most-read", "teaser:popular", "teaser:trending",
            "teaser:newsletter", "teaser:comments", "teaser:promo", "teaser:readmore", "teaser:subscribe",
            "teaser:signup", "teaser:cookie", "teaser:consent", "teaser:author-box", "teaser:authorbox", "teaser:bio",
            "teaser:share", "teaser:sharing", "teaser:navigation", "teaser:nav", "teaser:menu"}


@dataclass(frozen=True)
class FoundCaption:
    """A caption with the DOM element it came from (the block classifier needs the element)."""

    caption: Caption
    element: etree._Element | None
    doc_index: int


# "Von Vivien Valentiner, Redakteurin 06.11.2025, 17:06 Uhr": the byline box some templates put in a figure
_BYLINE = re.compile(r"^(?:von|by)\s+[A-ZÄÖÜ][\w.'’-]+(?:\s+[A-ZÄÖÜ][\w.'’-]+){0,3}\s*(?:,|und\b|and\b).*"
                     r"(?:\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}:\d{2})", re.IGNORECASE)


def _caption_elements(dom: Dom) -> Iterator[etree._Element]:
    """figcaptions, plus outermost caption-class elements that are not inside or around one."""
    classed = dom.caption_class_elements()
    marked = set(classed)
    for el in sorted([*dom.root.iter("figcaption"), *classed], key=dom.order.__getitem__):
        if el.tag in ("html", "body", "head", "script", "img", "meta"):
            continue
        if el.tag == "figcaption":
            yield el
        else:
            inside = any(anc.tag == "figcaption" or anc in marked for anc in el.iterancestors())
            if not inside and not any(True for _ in el.iter("figcaption")):
                yield el


def _credit_text(dom: Dom, cap_el: etree._Element) -> tuple[str, list[str]]:
    """Texts of credit-class descendants (innermost), else of a credit element beside the caption
    in the container that holds its picture (figure or a small wrapper)."""
    inner = [d for d in cap_el.iter() if d is not cap_el and isinstance(d.tag, str) and dom.has_credit_class(d)]
    inner = [d for d in inner if not any(o is not d and d in set(o.iterancestors()) for o in inner)]
    texts = [dom.text(d) for d in inner if dom.text(d)]
    if texts:
        return "", texts
    cap_ancestors = set(cap_el.iterancestors())
    box = cap_el.getparent()
    for _ in range(3):
        if box is None:
            return "", []
        beside = [d for d in box.iter() if isinstance(d.tag, str) and d is not cap_el and dom.has_credit_class(d)
                  and d not in cap_ancestors and 0 < dom.text_len(d) < 150
                  and cap_el not in set(d.iterancestors())]
        if beside:
            return "", [dom.text(beside[0])]
        if box.tag == "figure" or any(True for _ in box.iter("img")):
            return "", []
        box = box.getparent()
    return "", []


def _remove_piece(text: str, piece: str) -> str:
    i = text.rfind(piece)
    if i < 0:
        return text
    return clean_text(text[:i] + " " + text[i + len(piece):])


# JSON-LD nodes whose pictures are avatars and logos, not the article's photos.
_NOT_ARTICLE = frozenset({"Person", "Organization", "NewsMediaOrganization", "Corporation", "WebSite", "Brand",
                          "ProfilePage", "SiteNavigationElement", "WPHeader", "WPFooter"})


def _jsonld_images(json_ld: Sequence[JsonLd]) -> Iterator[dict]:
    def walk(obj: object) -> Iterator[dict]:
        if isinstance(obj, dict):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if _NOT_ARTICLE.intersection(t for t in types if isinstance(t, str)):  # avatars and logos
                return
            if "ImageObject" in types:
                yield obj
            for k, v in obj.items():
                if k not in ("logo", "publisher", "author"):
                    yield from walk(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from walk(v)
    for script in json_ld:
        if script.strict:  # captions never read JSON-LD with raw control characters in strings
            yield from walk(script.data)


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


def find_captions(dom: Dom, url: str, agencies: AgencyTable,
                  json_ld: Sequence[JsonLd] | None = None) -> list[FoundCaption]:
    """Captions from the DOM in document order, deduplicated, then JSON-LD and og:image:alt ones.
    `json_ld` is the page's parsed JSON-LD (`transforms.jsonld`); None parses it from the DOM."""
    root, order = dom.root, dom.order
    out: list[FoundCaption] = []
    seen: dict[str, int] = {}
    for el in _caption_elements(dom):
        ctx = dom.context(el)
        if ctx & _FOREIGN:
            continue
        if not 0 < dom.text_len(el) <= MAX_CAPTION_CHARS:
            continue
        full = dom.text(el)
        if dom.link_density(el) > 0.6:
            continue
        _, credits = _credit_text(dom, el)
        text = full
        for c in credits:
            text = _remove_piece(text, c)
        credit = credits[0] if credits else None
        if credit is None:
            text, credit = split_caption_credit(text, agencies)
            if not text and len(lines := _lines(el)) > 1:  # "Bild: X" on a line above the caption
                text, credit = _caption_and_credit(lines, agencies)
        elif text:
            text = split_caption_credit(text, agencies)[0] or text
        text = clean_text(re.sub(r"^(?:bild|foto|photo|image)\s*\d+\s*(?:von|of|/)\s*\d+\s*", "", text, flags=re.I))
        text = re.sub(r"\s*(?:[|/·]\s*)?(?:fotos?|photos?|bild|image|credit|quelle|©)\s*:?\s*$", "", text, flags=re.I)
        k = key(text)
        if not k or len(k.split()) < 2 and not credit or _BYLINE.match(text):
            continue
        if k in seen:
            i = seen[k]
            prev = out[i].caption
            if not prev.credit and credit:  # keep the copy that carries the credit
                out[i] = FoundCaption(replace(_make(prev.ordinal, prev.caption or "", credit, prev.image_url,
                                                   prev.alt_text, prev.caption_source or "figcaption", agencies)),
                                      out[i].element, out[i].doc_index)
            continue
        source = "figcaption" if el.tag == "figcaption" or "figcaption" in ctx else "caption-class"
        if source == "caption-class" and not _beside_picture(dom, el):
            continue
        img = image_near(el)
        src = best_src(img, url) if img is not None else None
        alt = clean_text(img.get("alt")) if img is not None else None
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, src, alt, source, agencies), el, order.get(el, 0)))
    _add_data_attrs(root, url, agencies, out, seen, order)
    _add_adjacent(dom, url, agencies, out, seen)
    _add_jsonld(parse_json_ld(root) if json_ld is None else json_ld, url, agencies, out, seen)
    _add_og_alt(root, agencies, out, seen)
    return _mark_lead(root, out, url)


def _beside_picture(dom: Dom, el: etree._Element) -> bool:
    """A caption-class element is a photo caption only next to its picture: the nearest ancestor
    holding an <img> is a small box, not a page region with a logo or a teaser grid somewhere."""
    node = el
    if any(a.tag == "a" for a in el.iterancestors()):
        return False  # a linked card: a teaser for another story
    for _ in range(4):
        node = node.getparent()
        if node is None or not isinstance(node.tag, str):
            return False
        imgs = sum(1 for _ in node.iter("img"))
        if imgs:
            return imgs <= _MAX_BOX_IMAGES and dom.text_len(node) <= dom.text_len(el) + _MAX_BOX_EXTRA_CHARS
        if node.tag == "figure":
            return False
    return False


# a caption's box: its picture(s), the caption, a credit, a counter or a "zoom" label
_MAX_BOX_IMAGES = 4
_MAX_BOX_EXTRA_CHARS = 400


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
        out.append(FoundCaption(_make(len(out), text, credit, best_src(img, url), clean_text(img.get("alt")),
                                      "data-attribute", agencies), img, order.get(img, 0)))


def _add_adjacent(dom: Dom, url: str, agencies: AgencyTable, out: list[FoundCaption], seen: dict[str, int]) -> None:
    """Text printed beside a picture in a small wrapper, without caption markup: of the wrapper's lines,
    the first of three words or more is the caption, an "Image: X"/"© X"/"dpa/X" line its credit.

    The wrapper is the nearest ancestor with any text; it must hold at most MAX_CAPTION_CHARS, four
    lines and two pictures, so a whole section or <article> is never taken for a caption. Text inside
    a link (teaser cards, share buttons) is never a caption, though a credit there still counts."""
    for img in dom.root.iter("img"):
        box, steps = img.getparent(), 0
        while box is not None and dom.text_len(box) == 0 and steps < _EMPTY_WRAPPERS:
            # wrappers without text: <a>, ratio boxes, and <picture>/<source> (the HTML parser nests an
            # <img> inside every unclosed <source>, so those do not count)
            steps += box.tag not in ("picture", "source")
            box = box.getparent()
        if box is None or box.tag in ("html", "head", "body") or not (0 < dom.text_len(box) <= MAX_CAPTION_CHARS) \
                or dom.context(box) & _FOREIGN:
            continue
        # a wrapper of one picture and its caption, not a section of the article
        if sum(1 for _ in box.iter("img")) > 2 or any(True for _ in box.iter("figcaption")):
            continue
        inside = set(box.iter())
        if any(f.element is not None and f.element in inside for f in out):
            continue
        texts = _lines(box)
        in_link = box.tag == "a" or any(a.tag == "a" for a in box.iterancestors())
        if not texts or len(texts) > 4 or (not in_link and dom.link_density(box) > 0.3):
            continue
        text, credit = _caption_and_credit(texts, agencies)
        if in_link:
            text = ""  # text inside a link is a teaser card or a button; a credit there still holds
        if not (text or credit):
            continue
        # the picture's URL keys a credited picture without caption (a row too); else it is read
        # only for a row that is kept
        text_key = key(text)
        src = None if text_key else best_src(img, url)
        k = text_key or f"\x00{src} {key(credit)}"
        if k in seen:
            continue
        if text_key:
            src = best_src(img, url)
        seen[k] = len(out)
        out.append(FoundCaption(_make(len(out), text, credit, src, clean_text(img.get("alt")), "beside-image",
                                      agencies), box, dom.order.get(box, 0)))


# How many text-less wrappers may sit between a picture and the box holding its caption.
_EMPTY_WRAPPERS = 4
_COUNTER = re.compile(r"^\s*(?:(?:bild|foto|photo|image|slide)\s*)?\d+\s*(?:von|of|/)\s*\d+\s*[|:·-]?\s*", re.I)
# Tags that start a new line of text when rendered.
_LINE_TAGS = frozenset({"p", "div", "figcaption", "li", "ul", "ol", "dl", "dd", "dt", "h1", "h2", "h3", "h4", "h5",
                        "h6", "br", "hr", "section", "header", "footer", "figure", "blockquote", "table", "tr", "td",
                        "th", "article", "aside", "pre", "address"})


def _lines(box: etree._Element) -> list[str]:
    """The distinct lines of text a small wrapper renders: block elements and <br> break lines."""
    lines: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        text = clean_text("".join(cur))
        cur.clear()
        if text and text not in lines:
            lines.append(text)

    def walk(el: etree._Element) -> None:
        breaks = el.tag in _LINE_TAGS
        if breaks:
            flush()
        cur.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            cur.append(child.tail or "")
        if breaks:
            flush()

    walk(box)
    flush()
    return lines


def _caption_and_credit(lines: list[str], agencies: AgencyTable) -> tuple[str, str | None]:
    """The first line of three words or more is the caption; its own trailing credit, else a line that is
    only a credit ("Foto: X", "Image: X", before or after it), is the credit. Slide counters
    ("7 of 12") are not text."""
    caption, credit, alone = "", None, None
    for line in lines:
        rest, tail = split_caption_credit(_COUNTER.sub("", line), agencies)
        rule = text_rule(rest) if rest else None
        if tail and not rest or rule and rule[0] == "credit":  # "Foto: X", "APA/AFP/Mandel Ngan"
            alone = alone or tail or rest
        elif not caption and not rule and len(key(rest).split()) >= 3:  # not a promo, byline or bio
            caption, credit = rest, tail
    return caption, credit or alone


def _add_jsonld(json_ld: Sequence[JsonLd], url: str, agencies: AgencyTable, out: list[FoundCaption],
                seen: dict[str, int]) -> None:
    for obj in _jsonld_images(json_ld):
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
    if any(f.caption.caption for f in out):  # og:image:alt is an alt text more often than a caption: a fallback
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
