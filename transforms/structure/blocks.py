"""Block roles of a news page: which text blocks are the article body and which are captions,
credits, teasers, promos, author boxes or boilerplate.

trafilatura proposes the main-content blocks; each is mapped back to its DOM element so its
context (figure, figcaption, aside, nav, class vocabulary, link density) can be judged, together
with text rules (blocks_rules) and the page's captions (captions.find_captions). Paragraphs that
trafilatura dropped but that sit in the same template container as accepted body paragraphs are
recovered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import trafilatura
from lxml import etree

from transforms.jsonld import JsonLd
from transforms.records import Block, Caption, Structure
from transforms.structure.captions import FoundCaption, find_captions
from transforms.structure.credits import AgencyTable, default_agencies, parse_credit, split_caption_credit
from transforms.structure.dom import Dom, class_words, clean_text, key, parse_html, prune_tree, signature, xpath_of
from transforms.structure.lead import STANDFIRST_CLASS, find_standfirst
from transforms.structure.rules import text_rule

# DOM tags that hold one text block; trafilatura's paragraphs are matched against these.
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "td", "dd", "dt", "pre",
               "div", "span", "section", "article", "strong", "em", "b", "a", "header", "small", "cite", "q"}
_TEASER_CTX = {"teaser:related", "teaser:recommend", "teaser:recommended", "teaser:promo", "teaser:newsletter",
               "teaser:readmore", "teaser:read-more", "teaser:outbrain", "teaser:taboola", "teaser:mostread",
               "teaser:most-read", "teaser:popular", "teaser:trending", "teaser:sponsored", "teaser:signup",
               "teaser:subscribe", "teaser:paywall", "teaser:comments", "teaser:comment", "teaser:share",
               "teaser:social", "teaser:cookie", "teaser:consent", "teaser:breadcrumb", "teaser:author-box",
               "teaser:authorbox", "teaser:bio", "teaser:advert", "teaser:advertisement", "teaser:ads", "teaser:ad"}
_WORD = re.compile(r"\w+")
# Elements holding more text than this are wrappers, not blocks: their text is never built for the index.
_MAX_KEY_CHARS = 20000
_NOT_RECOVERED = frozenset({"figcaption", "caption", "credit", "nav", "footer", "form", "button"}) | _TEASER_CTX
# a first body paragraph marked like this is the lead; "teaser"/"summary" count here, unlike for a
# standfirst outside the body (lead.STANDFIRST_CLASS), because the paragraph is body text anyway
_LEAD_WORDS = STANDFIRST_CLASS | {"summary", "teaser", "kicker-text", "article-teaser"}


@dataclass
class _Cand:
    """A text block while it is being judged."""

    text: str
    kind: str  # "p" or "head"
    el: etree._Element | None
    order: float
    role: str = "body"
    reason: str | None = None


def _traf_blocks(doc: object) -> list[tuple[str, str]]:
    """(kind, text) for every block of trafilatura's body tree, list items one by one."""
    body = getattr(doc, "body", None)
    if body is None:
        text = getattr(doc, "text", None) or ""
        return [("p", clean_text(t)) for t in text.split("\n") if clean_text(t)]
    out: list[tuple[str, str]] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("list", "quote", "table", "row", "div") and len(child):
                walk(child)
                tail = clean_text(child.text)
                if tail and tag == "quote":
                    out.append(("p", tail))
                continue
            text = clean_text("".join(child.itertext()))
            if text and tag != "graphic":
                out.append(("head" if tag == "head" else "p", text))
    walk(body)
    return out


def _first_token(text: str) -> str:
    """The first token of key(text), without building the key of a long text."""
    if text.isascii():  # NFKC changes nothing and casefold is lower()
        m = _WORD.search(text)
        return m.group(0).lower() if m else ""
    toks = key(text[:80]).split(" ", 2)
    if len(toks) >= 2 or len(text) <= 80:
        return toks[0]
    return key(text).split(" ", 1)[0]


def _dom_index(dom: Dom, firsts: set[str]) -> tuple[dict[str, etree._Element], dict[str, etree._Element],
                                                    dict[etree._Element, int]]:
    """Text key -> innermost element holding exactly that text; also a prefix index for fuzzy hits.

    Only elements whose text starts with the first word of some block (`firsts`) are keyed: no other
    element can ever be looked up.
    """
    exact: dict[str, etree._Element] = {}
    prefix: dict[str, etree._Element] = {}
    order: dict[etree._Element, int] = {}
    keys: dict[str, str] = {}
    body = dom.root.find("body")
    for i, el in enumerate((body if body is not None else dom.root).iter()):
        order[el] = i
        if not isinstance(el.tag, str) or el.tag not in _BLOCK_TAGS or not 0 < dom.text_len(el) <= _MAX_KEY_CHARS:
            continue
        text = dom.text(el)
        if not text:
            continue
        k = keys.get(text)  # nested wrappers of one paragraph share its text
        if k is None:
            k = keys[text] = key(text) if _first_token(text) in firsts else ""
        if not k or len(k) > 5000:
            continue
        exact[k] = el  # later (deeper) elements overwrite: the innermost holder wins
        toks = k.split()
        if len(toks) >= 8:
            prefix.setdefault(" ".join(toks[:8]), el)
    return exact, prefix, order


def _locate(text: str, exact: dict[str, etree._Element], prefix: dict[str, etree._Element]) -> etree._Element | None:
    k = key(text)
    if k in exact:
        return exact[k]
    toks = k.split()
    return prefix.get(" ".join(toks[:8])) if len(toks) >= 8 else None


def _judge(dom: Dom | None, c: _Cand, title_key: str, cap_keys: set[str], agencies: AgencyTable,
           position: int) -> tuple[str, str] | None:
    """The non-body role of a block, or None when it is body."""
    k = key(c.text)
    if position < 4 and title_key and (
            k == title_key or (c.kind == "head" and title_key in k and len(k) < 2 * len(title_key))):
        return "headline", "repeats the title"
    if k in cap_keys:
        return "caption", "repeats a caption"
    ctx = dom.context(c.el) if dom is not None and c.el is not None else frozenset()
    if c.el is not None and ({"figcaption", "caption"} & ctx) and "blockquote" not in ctx and len(k.split()) < 120:
        return "caption", "inside a figure caption"
    cap, credit = split_caption_credit(c.text, agencies)
    if credit and key(cap) in cap_keys:
        return "caption", "repeats a caption with its credit"
    if credit and not cap and len(c.text.split()) <= 12:
        return "credit", "credit line"
    if (credit and cap and len(cap) < 350 and c.el is not None and c.text.rstrip().endswith(")")
            and parse_credit(credit, agencies).agency):
        return "caption", "trailing photo credit"
    rule = text_rule(c.text)
    if rule:
        return rule
    if dom is not None and c.el is not None:
        if "credit" in ctx and len(k.split()) <= 12:
            return "credit", "credit element"
        hits = ctx & _TEASER_CTX
        if hits:
            return ("author_box" if hits & {"teaser:bio", "teaser:author-box", "teaser:authorbox"} else "teaser",
                    "context " + ",".join(sorted(hits))[:40])
        if {"nav", "footer"} & ctx and "article" not in {a.tag for a in c.el.iterancestors()}:
            return "boilerplate", "site navigation/footer"
        if len(k.split()) < 40 and dom.link_density(c.el) > 0.8:
            return "teaser", "link text"
        if _under_list_label(dom, c.el):
            return "boilerplate", "item of a labelled source/link list"
    return None


# The label before a list of the article's sources or further links ("Quellen:" on ARD sites).
_LIST_LABEL = re.compile(r"^(quellen?|sources?|mehr zum thema|weitere informationen|links|mehr dazu)\s*:?$",
                         re.IGNORECASE)


def _under_list_label(dom: Dom, el: etree._Element) -> bool:
    """A list item (or text inside one) whose list follows a "Quellen:" label."""
    item = next((a for a in (el, *el.iterancestors()) if isinstance(a.tag, str) and a.tag == "li"), None)
    if item is None:
        return False
    node = item.getparent()
    for _ in range(2):  # the <ul>, then a wrapper such as <div class="checklist">
        if node is None:
            return False
        prev = node.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        if prev is not None:
            return bool(_LIST_LABEL.match(dom.text(prev)))
        node = node.getparent()
    return False


def _recover(dom: Dom, cands: list[_Cand], order: dict[etree._Element, int]) -> list[_Cand]:
    """Paragraphs trafilatura dropped that share the template container of accepted body paragraphs."""
    body_ps = [c.el for c in cands if c.role == "body" and c.el is not None and c.el.tag == "p"]
    if len(body_ps) < 2:
        return []
    sigs = Counter(signature(el) for el in body_ps)
    good = {s for s, n in sigs.items() if n >= 2}
    used = {c.el for c in cands if c.el is not None}
    have = {key(c.text) for c in cands}
    out: list[_Cand] = []
    for el in dom.root.iter("p"):
        if el in used or signature(el) not in good:
            continue
        text = dom.text(el)
        k = key(text)
        if len(text) < 25 or k in have or dom.link_density(el) > 0.5:
            continue
        ctx = dom.context(el)
        if ctx & _NOT_RECOVERED or text_rule(text):
            continue
        have.add(k)
        out.append(_Cand(text, "p", el, float(order.get(el, 0)), "body", "recovered: same container as body"))
    return out


def _is_lead(c: _Cand) -> bool:
    if c.el is None:
        return False
    node: etree._Element | None = c.el
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            return False
        words = class_words(node)
        if words & _LEAD_WORDS and "caption" not in words and len(c.text.split()) < 90:
            return True
        node = node.getparent()
    return False


def analyze_structure(html: str | etree._Element, url: str, doc: trafilatura.settings.Document | None = None,
                      agencies: AgencyTable | None = None, json_ld: Sequence[JsonLd] | None = None) -> Structure:
    """Classify a page's text blocks; return body paragraphs, every judged block, captions and lead.

    `html` is the page's text, or its parsed tree (lxml.html), which is then pruned in place (scripts,
    styles): hand over a tree no other stage reads afterwards, or a copy. `json_ld` is the page's
    parsed JSON-LD (`transforms.jsonld`), read from the tree when None.
    """
    agencies = agencies or default_agencies()
    if doc is None:
        try:
            found_doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
            doc = found_doc if isinstance(found_doc, trafilatura.settings.Document) else None
        except Exception:  # trafilatura raises a zoo of parser errors on broken input; treat as empty
            doc = None
    root = parse_html(html) if isinstance(html, str) else prune_tree(html)
    dom = Dom(root) if root is not None else None
    found: list[FoundCaption] = find_captions(dom, url, agencies, json_ld) if dom is not None else []
    cap_keys = {key(f.caption.caption) for f in found if f.caption.caption}
    traf = _traf_blocks(doc) if doc is not None else []
    firsts = {key(text).split(" ", 1)[0] for _, text in traf}
    exact, prefix, order = _dom_index(dom, firsts) if dom is not None else ({}, {}, {})
    title_key = key(getattr(doc, "title", None) or "")

    cands: list[_Cand] = []
    last = -1.0
    for kind, text in traf:
        el = _locate(text, exact, prefix) if root is not None else None
        pos = float(order[el]) if el is not None and el in order else last + 0.001
        last = pos
        cands.append(_Cand(text, kind, el, pos))
    for i, c in enumerate(cands):
        judged = _judge(dom, c, title_key, cap_keys, agencies, i)
        if judged:
            c.role, c.reason = judged
        elif c.kind == "head":
            c.role = "subheading"
    if dom is not None:
        cands.extend(_recover(dom, cands, order))
        found = _drop_uncredited_outside(found, cands, dom)
    found = _add_text_captions(cands, found, agencies)
    listed = {c.el for c in cands if c.el is not None}
    for f in found:  # captions seen only in figures are blocks of the page too
        if f.element is not None and f.element not in listed and f.caption.caption:
            cands.append(_Cand(f.caption.caption, "p", f.element, float(order.get(f.element, 10**9)), "caption",
                               f"caption ({f.caption.caption_source})"))
            if f.caption.credit:
                cands.append(_Cand(f.caption.credit, "p", f.element, float(order.get(f.element, 10**9)) + 0.5,
                                   "credit", "photo credit"))
    cands.sort(key=lambda c: c.order)

    authors = _author_keys(getattr(doc, "author", None))
    for c in cands:
        if c.role == "body" and authors and key(re.sub(r"^(?:von|by|text:?)\s+", "", c.text, flags=re.I)) in authors:
            c.role, c.reason = "author_box", "the author's name on its own line"

    lead = None
    first = next((c for c in cands if c.role in ("body", "subheading")), None)
    if first is not None and first.role == "body" and _is_lead(first):
        # Kept in the body: sites mark their first body paragraph as "lead" as often as a separate teaser.
        first.reason, lead = "lead/teaser element (kept in body)", first.text

    seen: set[str] = set()
    paragraphs: list[str] = []
    roles: list[str] = []
    for c in cands:
        if c.role in ("body", "subheading"):
            k = key(c.text)
            if k in seen and len(k.split()) > 3:
                c.role, c.reason = "boilerplate", "repeated block"
                continue
            seen.add(k)
            paragraphs.append(c.text)
            roles.append(c.role)
    if lead is None and dom is not None:
        first_el = next((c.el for c in cands if c.role == "body" and c.el is not None), None)
        body_start = dom.order.get(first_el) if first_el is not None else None
        lead = find_standfirst(dom, getattr(doc, "description", None), body_start, {key(p) for p in paragraphs})
    blocks = [Block(seq=i, role=c.role, text=c.text, xpath=xpath_of(c.el) if c.el is not None else None,
                    reason=c.reason) for i, c in enumerate(cands)]
    return Structure(paragraphs=paragraphs, paragraph_roles=roles, blocks=blocks,
                     captions=[f.caption for f in found], lead=lead)


def _drop_uncredited_outside(found: list[FoundCaption], cands: list[_Cand], dom: Dom) -> list[FoundCaption]:
    """Text beside a picture without caption markup is a caption when it carries a credit or sits
    in the article's own container; elsewhere it is a teaser card, a search box or a player label."""
    body = [c.el for c in cands if c.role == "body" and c.el is not None]
    if len(body) < 2:
        return found
    order = dom.order
    first, last = min(body, key=order.__getitem__), max(body, key=order.__getitem__)
    first_up = {id(a) for a in first.iterancestors()}
    box = next((a for a in last.iterancestors() if id(a) in first_up), None)
    whole_page = box is None or box.tag in ("body", "html")

    def inside(el: etree._Element | None) -> bool:
        if el is None:
            return False
        if whole_page:
            return order[first] <= order.get(el, -1) <= order[last]
        return any(a is box for a in el.iterancestors())

    return [f for f in found if f.caption.caption_source != "beside-image" or f.caption.credit
            or not f.caption.caption or inside(f.element) and _caption_like(f.caption.caption)]


_DURATION = re.compile(r"^\s*\d{1,2}:\d{2}")


def _caption_like(text: str) -> bool:
    """Words describing a picture or naming who is on it ("Bethany Funke (R)"), and not a time
    stamp ("vor 1 Std."), a video teaser ("2:05 Russia launches ...") or a line the text rules
    know ("Artikel teilen mit:")."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 1]
    enough = len(words) >= 4 or len(words) >= 2 and all(w[0].isupper() for w in words)
    return enough and not _DURATION.match(text) and text_rule(text) is None


def _author_keys(author: str | None) -> set[str]:
    """Matching keys of the page's author names (trafilatura joins several with "; ")."""
    names = re.split(r";|,|\bund\b|\band\b", author or "")
    return {k for n in names if len((k := key(n)).split()) >= 2}


def _add_text_captions(cands: list[_Cand], found: list[FoundCaption], agencies: AgencyTable) -> list[FoundCaption]:
    """Captions printed as plain paragraphs with a trailing credit, not seen in any figure."""
    keys = {key(f.caption.caption) for f in found}
    out = list(found)
    for c in cands:
        if c.role != "caption" or c.reason != "trailing photo credit":
            continue
        text, credit = split_caption_credit(c.text, agencies)
        if key(text) in keys:
            continue
        keys.add(key(text))
        p = parse_credit(credit or "", agencies)
        out.append(FoundCaption(Caption(ordinal=len(out), caption=text, credit=p.credit_raw or None,
                                        photographer=p.photographer, agency=p.agency, pool=p.pool,
                                        caption_source="text-pattern"), c.el, int(c.order)))
    return out
