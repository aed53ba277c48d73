"""The standfirst: the short summary printed between headline and body that trafilatura often drops.

Publishers repeat it, or its start, in the page's description meta tag, so the visible element
whose text matches the description is the lead; a dateline printed in its own span ("Berlin.")
belongs to it. Without a description match, an element whose class names it as a lead
("intro", "standfirst", "vorspann") counts when it sits before the first body paragraph.
"""

from __future__ import annotations

import re

from lxml import etree

from transforms.structure.dom import Dom, key

# Class words that name a standfirst; "teaser" and "summary" are left out: related-story boxes use them.
STANDFIRST_CLASS = frozenset({"lead", "intro", "standfirst", "dek", "vorspann", "einleitung", "article-lead",
                         "article-intro", "leadtext", "lead-text", "introtext", "intro-text", "subline",
                         "abstract", "excerpt"})
_BAD_CONTEXT = frozenset({"figure", "figcaption", "caption", "nav", "footer", "form", "button", "aside"})
# A related-story box never repeats the page's own description, so only the class route fears teaser boxes;
# the plain word "teaser" is how many sites name their standfirst.
_TEASER_OK = frozenset({"teaser:teaser"})
_MEDIA = ("img", "picture", "figure", "video", "iframe")
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "meta", "link", "img", "picture", "source", "time"})
_ELLIPSIS = re.compile(r"\s*(\.\.\.|…)\s*$")
_MIN_WORDS = 6
_MAX_WORDS = 120
# A dateline or kicker printed next to the summary ("Berlin." / "Wien –") adds at most this many characters.
_DATELINE_CHARS = 40


def find_standfirst(dom: Dom, description: str | None, body_start: float | None, body_keys: set[str]) -> str | None:
    """The visible standfirst of the page, or None.

    body_start is the document position of the first body paragraph (a standfirst comes before it);
    body_keys are the matching keys of the body paragraphs (a lead already in the body is not repeated).
    """
    body = dom.root.find("body")
    if body is None:
        return None
    el = _by_description(dom, body, description, body_start)
    if el is None:
        el = _by_class(dom, body, body_start)
    if el is None:
        return None
    text = dom.text(el)
    k = key(text)
    return text if k and not any(k in b for b in body_keys) else None


def _usable(dom: Dom, el: etree._Element, body_start: float | None, by_class: bool = False) -> bool:
    if not isinstance(el.tag, str) or el.tag.lower() in _SKIP_TAGS:
        return False
    if body_start is not None and dom.order.get(el, 0) >= body_start:
        return False
    ctx = dom.context(el)
    if ctx & _BAD_CONTEXT:
        return False
    if by_class:
        # "lead-art" is the lead picture, and its text is a caption
        if "credit" in ctx or any(c.startswith("teaser:") and c not in _TEASER_OK for c in ctx):
            return False
        if any(True for _ in el.iter(*_MEDIA)):
            return False
    return True


def _by_description(dom: Dom, body: etree._Element, description: str | None,
                    body_start: float | None) -> etree._Element | None:
    desc = _ELLIPSIS.sub("", " ".join((description or "").split()))
    dk = key(desc)
    words = dk.split()
    if len(words) < _MIN_WORDS:
        return None
    probe = " ".join(words[: min(len(words), 12)])
    limit = len(desc) + _DATELINE_CHARS
    best: etree._Element | None = None
    best_len = 0
    for el in body.iter():
        if body_start is not None and dom.order.get(el, 0) >= body_start:
            break  # document order: nothing from here on comes before the body (see _usable)
        # text_len is cheap and close to len(text): it skips wrappers before any text is built
        if not isinstance(el.tag, str) or not len(probe) <= dom.text_len(el) <= 2 * limit:
            continue
        text = dom.text(el)
        # the widest element still within a dateline of the description: summary plus its "Berlin." span
        if best_len < len(text) <= limit and probe in key(text) and _usable(dom, el, body_start):
            best, best_len = el, len(text)
    if best is None or len(key(dom.text(best)).split()) > _MAX_WORDS:
        return None
    return best


def _by_class(dom: Dom, body: etree._Element, body_start: float | None) -> etree._Element | None:
    if body_start is None:
        return None
    for el in body.iter():
        if dom.order.get(el, 0) >= body_start:
            break  # document order: nothing after this comes before the body either
        if not isinstance(el.tag, str):
            continue
        if not (dom.words(el) & STANDFIRST_CLASS):
            continue
        n = len(key(dom.text(el)).split())
        if _MIN_WORDS <= n <= _MAX_WORDS and dom.link_density(el) < 0.3 and _usable(dom, el, body_start, by_class=True):
            return el
    return None
