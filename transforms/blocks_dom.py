"""DOM helpers for the block classifier: parsing, text keys, and the context an element sits in."""

from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree

_TOK = re.compile(r"\w+", re.UNICODE)

# Class/id vocabulary that marks the context of a block. Matched on word pieces of class and id
# (split on non-letters), so "article__caption" and "bildunterschrift" both hit.
CAPTION_WORDS = ("caption", "figcaption", "bildunterschrift", "legende", "bu", "imagetext", "infotext",
                 "img-description", "image-description", "media-caption", "bildtext", "photo-text", "wp-caption-text",
                 "subline")
CREDIT_WORDS = ("credit", "credits", "copyright", "bildnachweis", "bildquelle", "photographer", "fotograf", "source",
                "quelle", "rights", "urheber", "attribution", "byline-photo", "author-photo", "imagecredit", "courtesy")
# Not listed on purpose: "paywall", "social", "embed", "more" -- sites wrap the real body in those.
TEASER_WORDS = ("teaser", "related", "recommend", "recommended", "recommendation", "promo", "newsletter",
                "readmore", "read-more", "popular", "trending", "mostread", "most-read", "outbrain", "taboola",
                "sidebar", "sponsored", "advert", "advertisement", "ad", "ads", "banner", "share",
                "sharing", "comments", "comment", "subscribe", "signup", "breadcrumb", "navigation",
                "nav", "menu", "footer", "cookie", "consent", "author-box", "authorbox", "bio")
_CONTEXT_TAGS = {"figure": "figure", "figcaption": "figcaption", "aside": "aside", "nav": "nav", "footer": "footer",
                 "header": "header", "form": "form", "button": "button", "blockquote": "blockquote"}


def parse_html(html: str) -> etree._Element | None:
    """Parse with lxml; None when the page is empty or unparsable (the classifier then uses text only)."""
    if not html or not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    for bad in root.xpath("//script[not(@type='application/ld+json')]|//style|//noscript|//template|//svg"):
        bad.drop_tree() if bad.getparent() is not None else None
    return root


def key(text: str | None) -> str:
    """A matching key for text: NFKC, casefolded word tokens (as the scorer tokenises)."""
    return " ".join(_TOK.findall(unicodedata.normalize("NFKC", text or "").casefold()))


def clean_text(text: str | None) -> str:
    return " ".join((text or "").replace("\u00a0", " ").replace("\u200b", "").split())


def el_text(el: etree._Element) -> str:
    try:
        return clean_text(el.text_content())
    except ValueError:
        return ""


def class_words(el: etree._Element) -> set[str]:
    """Words of an element's class and id: 'article__caption is-big' -> {article, caption, is, big, ...}."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".casefold()
    if not raw.strip():
        return set()
    words = set(re.split(r"[^a-z0-9äöüß-]+", raw))
    for w in list(words):
        words.update(re.split(r"[-_]+", w))
    words.update(re.split(r"[^a-z0-9äöüß]+", raw))
    words.discard("")
    return words


def _has_word(words: set[str], vocab: tuple[str, ...]) -> bool:
    return any(v in words for v in vocab)


def has_caption_class(el: etree._Element) -> bool:
    w = class_words(el)
    return _has_word(w, CAPTION_WORDS) or any("caption" in x or "bildunterschrift" in x for x in w)


def has_credit_class(el: etree._Element) -> bool:
    w = class_words(el)
    return _has_word(w, CREDIT_WORDS) or any("credit" in x or "copyright" in x for x in w)


def context(el: etree._Element, stop: int = 12, box_chars: int = 1500) -> set[str]:
    """Labels of the element and its ancestors: tags like figure/aside/nav and class vocabulary hits.

    Class words and <aside> count only on boxes holding at most `box_chars` characters: a related-links
    box is small, while a wrapper called "paywall" or "social" around the whole article is not.
    """
    out: set[str] = set()
    node: etree._Element | None = el
    depth = 0
    while node is not None and depth < stop and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        tag = node.tag.lower()
        label = _CONTEXT_TAGS.get(tag)
        words = class_words(node)
        if label and label != "aside":
            out.add(label)
        if (words or label == "aside") and len(el_text(node)) <= box_chars:
            if label == "aside":
                out.add("aside")
            if _has_word(words, CAPTION_WORDS) or any("caption" in x for x in words):
                out.add("caption")
            if has_credit_class(node):
                out.add("credit")
            for v in TEASER_WORDS:
                if v in words:
                    out.add("teaser:" + v)
        if (node.get("role") or "") in ("navigation", "contentinfo"):
            out.add("nav")
        node = node.getparent()
        depth += 1
    return out


def link_density(el: etree._Element) -> float:
    """Share of the element's characters that sit inside links: related-article lists are all links."""
    total = len(el_text(el))
    if not total:
        return 0.0
    linked = sum(len(el_text(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def xpath_of(el: etree._Element) -> str | None:
    try:
        return el.getroottree().getpath(el)
    except ValueError:
        return None


def signature(el: etree._Element) -> tuple[str, str]:
    """Template signature of a paragraph's container: parent and grandparent tag + class."""
    def one(node: etree._Element | None) -> str:
        if node is None or not isinstance(node.tag, str):
            return ""
        return f"{node.tag}.{' '.join(sorted((node.get('class') or '').split()))}"
    parent = el.getparent()
    return one(parent), one(parent.getparent() if parent is not None else None)
