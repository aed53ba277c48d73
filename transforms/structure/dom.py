"""DOM helpers for the block classifier: parsing, text keys, and the context an element sits in.

`Dom` wraps one parsed page and caches what the classifier asks of an element (its text, the length
of that text, its class words, its context), so each is computed once per element however many
blocks and captions look at it. Length checks stop reading text as soon as the limit is passed:
"is this wrapper under 1,500 characters?" never builds the text of the whole article.
"""

from __future__ import annotations

import re
import unicodedata

import lxml.html
from lxml import etree

_TOK = re.compile(r"\w+", re.UNICODE)
_SPLIT_WORDS = re.compile(r"[^a-z0-9äöüß-]+")
_SPLIT_DASH = re.compile(r"[-_]+")
_SPLIT_ALNUM = re.compile(r"[^a-z0-9äöüß]+")

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
_CAPTION_SET = frozenset(CAPTION_WORDS)
_CREDIT_SET = frozenset(CREDIT_WORDS)
_TEASER_SET = frozenset(TEASER_WORDS)
_CONTEXT_TAGS = {"figure": "figure", "figcaption": "figcaption", "aside": "aside", "nav": "nav", "footer": "footer",
                 "header": "header", "form": "form", "button": "button", "blockquote": "blockquote"}
_EMPTY: frozenset[str] = frozenset()


def parse_html(html: str) -> etree._Element | None:
    """Parse with lxml; None when the page is empty or unparsable (the classifier then uses text only)."""
    if not html or not html.strip():
        return None
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=True))
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None
    return prune_tree(root)


_UNSEEN_TAGS = ("script", "style", "noscript", "template", "svg")


def _unseen(root: etree._Element) -> list[etree._Element]:
    """Scripts (not JSON-LD), styles, noscript, templates and svg of the whole document, in document
    order; one C-level walk (the XPath union it replaces scanned the page once per tag)."""
    top = root.getroottree().getroot()  # XPath's "//" read the whole document, whatever the context node
    tops = [*reversed(list(top.itersiblings(preceding=True))), top, *top.itersiblings()]
    return [el for top in tops if isinstance(top.tag, str) for el in top.iter(*_UNSEEN_TAGS)
            if el.tag != "script" or el.get("type") != "application/ld+json"]


def prune_tree(root: etree._Element) -> etree._Element:
    """Drop what a reader never sees (scripts, styles, templates, svg) from a parsed page, in place;
    keep JSON-LD and the <img> of a lazy-loaded picture's <noscript>. Returns `root`."""
    for bad in _unseen(root):
        if bad.getparent() is None:
            continue
        if bad.tag == "noscript" and bad.find(".//img") is not None and root.body in bad.iterancestors():
            bad.drop_tag()  # the real <img> of a lazy-loaded picture
        else:
            bad.drop_tree()
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


def class_words(el: etree._Element) -> frozenset[str]:
    """Words of an element's class and id: 'article__caption is-big' -> {article, caption, is, big, ...}."""
    return _words_of(_raw_class(el))


def _words_of(raw: str) -> frozenset[str]:
    if not raw.strip():
        return _EMPTY
    words = set(_SPLIT_WORDS.split(raw))
    for w in list(words):
        words.update(_SPLIT_DASH.split(w))
    words.update(_SPLIT_ALNUM.split(raw))
    words.discard("")
    return frozenset(words)


# Substrings every caption/credit class word contains: elements whose class and id lack all of them
# are rejected without splitting their class into words.
_CAPTION_HINT = re.compile("|".join(re.escape(w) for w in CAPTION_WORDS + ("bildunterschrift",)))
_CREDIT_HINT = re.compile("|".join(re.escape(w) for w in CREDIT_WORDS + ("credit", "copyright")))


# Typography utilities ("text-caption" in Tailwind-style templates) name a font size, not a caption.
_TYPE_UTILITY = re.compile(r"(?<![\w-])(?:text|font|typo|type)-caption[\w-]*")


def _raw_class(el: etree._Element) -> str:
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".casefold()
    return _TYPE_UTILITY.sub(" ", raw) if "caption" in raw else raw  # most classes lack the word: skip the regex


def _caption_words(words: frozenset[str]) -> bool:
    return bool(words) and (not _CAPTION_SET.isdisjoint(words)
                            or any("caption" in x or "bildunterschrift" in x for x in words))


def _credit_words(words: frozenset[str]) -> bool:
    return bool(words) and (not _CREDIT_SET.isdisjoint(words) or any("credit" in x or "copyright" in x for x in words))


# Collapsed-whitespace text of a run of text nodes, summarised: (length, has a word, starts with space,
# ends with space). Two summaries combine without the texts, so every element's text length comes
# from its children's in one pass.
_Span = tuple[int, bool, bool, bool]
_NONE: _Span = (0, False, False, False)


def _span(s: str | None) -> _Span:
    if not s:
        return _NONE
    if "\u200b" in s:
        s = s.replace("\u200b", "")
        if not s:
            return _NONE
    toks = s.split()
    if not toks:
        return 0, False, True, True
    return sum(map(len, toks)) + len(toks) - 1, True, s[0].isspace(), s[-1].isspace()


def _join(a: _Span, b: _Span) -> _Span:
    if not a[1]:
        return b[0], b[1], a[2] or b[2], b[3] if b[1] else (a[3] or b[3])
    if not b[1]:
        return a[0], True, a[2], a[3] or b[2]
    return a[0] + b[0] + (1 if a[3] or b[2] else 0), True, a[2], b[3]


_BLANK: _Span = (0, False, True, True)  # the summary of a whitespace-only text (most tails of a page)


def _text_lengths(root: etree._Element) -> dict[etree._Element, int]:
    """Length of el_text(el) for every element, children before parents."""
    spans: dict[etree._Element, _Span] = {}
    get = spans.get
    for el in reversed(list(root.iter())):
        text = el.text if isinstance(el.tag, str) else None  # comments and PIs add only their tail
        acc = _NONE if not text else _BLANK if text.isspace() else _span(text)
        for child in el:
            sub = get(child)
            if sub is not None and (sub[1] or sub[2]):
                acc = _join(acc, sub)
            tail = child.tail
            if tail:
                acc = _join(acc, _BLANK if tail.isspace() else _span(tail))
        spans[el] = acc
    return {el: span[0] for el, span in spans.items()}


class Dom:
    """One parsed page and per-element caches. Elements must belong to `root` and the tree must not change."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._text: dict[etree._Element, str] = {}
        self._len: dict[etree._Element, int] | None = None
        self._words: dict[etree._Element, frozenset[str]] = {}
        self._raw_words: dict[str, frozenset[str]] = {}
        self._ctx: dict[etree._Element, frozenset[str]] = {}
        self._labels: dict[etree._Element, frozenset[str]] = {}
        self._cap: dict[etree._Element, bool] = {}
        self._credit: dict[etree._Element, bool] = {}
        self._order: dict[etree._Element, int] | None = None
        self._cap_els: list[etree._Element] | None = None

    @property
    def order(self) -> dict[etree._Element, int]:
        """Document position of every element of the page."""
        if self._order is None:
            self._order = {el: i for i, el in enumerate(self.root.iter())}
        return self._order

    def text(self, el: etree._Element) -> str:
        """The element's text with whitespace collapsed (as `el_text`)."""
        t = self._text.get(el)
        if t is None:
            # a wrapper around one element and blank space has that element's text
            kids = len(el) if isinstance(el.tag, str) else 0
            if kids == 1 and isinstance(el[0].tag, str) and not (el.text or "").strip() \
                    and not (el[0].tail or "").strip():
                t = self.text(el[0])
            else:
                t = el_text(el)
            self._text[el] = t
        return t

    def text_len(self, el: etree._Element) -> int:
        """len(self.text(el)), from one bottom-up pass over the page instead of building each text."""
        if self._len is None:
            self._len = _text_lengths(self.root)
        return self._len.get(el, 0)

    def words(self, el: etree._Element) -> frozenset[str]:
        w = self._words.get(el)
        if w is None:
            if isinstance(el.tag, str):
                # a page repeats a handful of class strings on hundreds of elements: split each once
                raw = _raw_class(el)
                w = self._raw_words.get(raw)
                if w is None:
                    w = self._raw_words[raw] = _words_of(raw)
            else:
                w = _EMPTY
            self._words[el] = w
        return w

    def has_caption_class(self, el: etree._Element) -> bool:
        got = self._cap.get(el)
        if got is None:
            got = self._cap[el] = isinstance(el.tag, str) and bool(_CAPTION_HINT.search(_raw_class(el))) \
                and _caption_words(self.words(el))
        return got

    def caption_class_elements(self) -> list[etree._Element]:
        """Every element with a caption class or id, in document order."""
        if self._cap_els is None:
            # One walk reading class and id; only elements whose class or id holds a hint go on to
            # the word check. (An XPath for "@class or @id" and a method call per element cost
            # four times as much.)
            found: list[etree._Element] = []
            hint = _CAPTION_HINT.search
            for el in self.order:  # its elements in document order, their proxies already built
                if not isinstance(el.tag, str):
                    continue
                cls, ident = el.get("class"), el.get("id")
                if (cls is not None or ident is not None) and hint(f"{cls or ''} {ident or ''}".casefold()) \
                        and self.has_caption_class(el):
                    found.append(el)
            self._cap_els = found
        return self._cap_els

    def has_credit_class(self, el: etree._Element) -> bool:
        got = self._credit.get(el)
        if got is None:
            got = self._credit[el] = isinstance(el.tag, str) and bool(_CREDIT_HINT.search(_raw_class(el))) \
                and _credit_words(self.words(el))
        return got

    def context(self, el: etree._Element) -> frozenset[str]:
        """Labels of the element and its ancestors: tags like figure/aside/nav and class vocabulary hits.

        Class words and <aside> count only on boxes holding at most 1,500 characters: a related-links
        box is small, while a wrapper called "paywall" or "social" around the whole article is not.
        """
        got = self._ctx.get(el)
        if got is None:
            got = self._ctx[el] = frozenset(self._context(el))
        return got

    def _context(self, el: etree._Element, stop: int = 12) -> set[str]:
        out: set[str] = set()
        node: etree._Element | None = el
        depth = 0
        while node is not None and depth < stop and isinstance(node.tag, str) and node.tag not in ("body", "html"):
            own = self._labels.get(node)
            if own is None:
                own = self._labels[node] = self._own_labels(node)
            out.update(own)
            node = node.getparent()
            depth += 1
        return out

    def _own_labels(self, node: etree._Element, box_chars: int = 1500) -> frozenset[str]:
        """The context labels one element contributes to everything inside it."""
        out: set[str] = set()
        label = _CONTEXT_TAGS.get(node.tag.lower())
        words = self.words(node)
        if label and label != "aside":
            out.add(label)
        if (words or label == "aside") and self.text_len(node) <= box_chars:
            if label == "aside":
                out.add("aside")
            if not _CAPTION_SET.isdisjoint(words) or any("caption" in x for x in words):
                out.add("caption")
            if _credit_words(words):
                out.add("credit")
            for v in _TEASER_SET & words:
                out.add("teaser:" + v)
        if (node.get("role") or "") in ("navigation", "contentinfo"):
            out.add("nav")
        return frozenset(out)

    def link_density(self, el: etree._Element) -> float:
        """Share of the element's characters that sit inside links: related-article lists are all links."""
        total = len(self.text(el))
        if not total:
            return 0.0
        linked = sum(len(self.text(a)) for a in el.iter("a"))
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
