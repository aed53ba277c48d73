"""The article's title: the visible headline, with the metadata titles as evidence.

Metadata titles (JSON-LD headline, og:title, <title>) are often an SEO variant of the headline or
carry the site's name ("... | DW | 28.04.2023", "... - Golem.de"). The headline a reader sees is
the page's <h1> that agrees with them; when a metadata title holds that headline plus more (a
kicker "Nationaler Veteranentag: Orden fürs Morden" for the h1 "Orden fürs Morden"), the fuller
one is the title. Site names come off by what the page itself says its name is (og:site_name,
the publisher, the host name), never from a list of sites.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from lxml import html as lxml_html

_TOKEN = re.compile(r"\w+")
# separators between a title and the site name: " | ", " - ", " – ", " — ", " · ", " • ", " :: ", " * "
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|•|::|\*|»|/)\s+")
_DATE = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}$|^\d{4}-\d\d-\d\d$")
# an h1 overlapping a metadata title by at least this share of the shorter one is the same headline
SAME_HEADLINE = 0.5
# a metadata title holding this share of the h1's words is the h1 with a kicker or subline
HOLDS_HEADLINE = 0.8
_SKIP_ANCESTORS = {"nav", "footer", "aside", "form"}


def unescape(text: str | None) -> str | None:
    """HTML entities to characters, also when a site escaped them twice ("&amp;uuml;")."""
    if text is None:
        return None
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    text = " ".join(text.replace("\xa0", " ").split())
    return text or None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _compact(text: str) -> str:
    return "".join(_tokens(text))


def site_labels(site_names: Iterable[str | None], url: str | None) -> list[str]:
    """Compact forms of the site's own names: og:site_name, publisher, their initials when they
    have several words ("SN" for Salzburger Nachrichten), the host's main label."""
    names = [unescape(s) or "" for s in site_names if s]
    labels = [_compact(n) for n in names]
    labels += ["".join(w[0] for w in _TOKEN.findall(n)).casefold() for n in names if len(_TOKEN.findall(n)) > 1]
    host = (urlsplit(url).hostname or "") if url and "://" in url else ""
    parts = [p for p in re.split(r"[.-]", host.removeprefix("www.")) if p]
    if len(parts) >= 2:  # "golem.de" -> golem, "news.orf.at" -> orf; file:// URLs have no host
        labels.append(_compact(parts[-2]))
    return [lbl for lbl in dict.fromkeys(labels) if len(lbl) >= 2]


def _site_like(segment: str, labels: list[str]) -> bool:
    seg = _compact(segment)
    if not seg or _DATE.match(segment.strip()):
        return True
    if len(_tokens(segment)) > 8:
        return False
    base = _compact(re.sub(r"\.[a-z]{2,6}$", "", segment.strip(), flags=re.I))  # "SN.at" -> sn
    return any(seg == lbl or base == lbl or (len(lbl) >= 4 and len(seg) >= 3 and (seg in lbl or lbl in seg))
               for lbl in labels)


def strip_site_name(title: str | None, labels: list[str]) -> str | None:
    """Drop site-name and date segments at the end (and a site name at the start) of a title."""
    title = unescape(title)
    if not title:
        return None
    parts = _SEPARATOR.split(title)
    while len(parts) > 1 and _site_like(parts[-1], labels):
        parts.pop()
    if len(parts) > 1 and _site_like(parts[0], labels):
        parts.pop(0)
    if len(parts) == len(_SEPARATOR.split(title)):
        return title
    # rejoin with the original separators of the kept span
    kept = " ".join(parts)
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end] if start >= 0 and end > start else kept


def _overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    sb = set(b)
    return sum(1 for t in set(a) if t in sb) / min(len(set(a)), len(sb))


def _held(h1: list[str], other: list[str]) -> float:
    so = set(other)
    return sum(1 for t in set(h1) if t in so) / len(set(h1)) if h1 else 0.0


def visible_headlines(tree: lxml_html.HtmlElement, tag: str = "h1") -> list[str]:
    """Texts of the page's <h1> (or `tag`) elements outside navigation, footers and asides, in page order."""
    out = []
    for node in tree.iter(tag):
        if any(a.tag in _SKIP_ANCESTORS for a in node.iterancestors()):
            continue
        text = unescape(node.text_content())
        if text and 2 <= len(text) <= 400:
            out.append(text)
    return out


def choose_title(headlines: list[str], metadata_titles: list[str | None], labels: list[str],
                 subheads: list[str] | None = None) -> str | None:
    """The visible headline agreeing with the metadata, or the fuller metadata title holding it;
    without an agreeing headline, the first metadata title without its site name. A page without
    an <h1> often shows its headline in an <h2> (with a kicker before it): a metadata title a
    `subheads` text holds whole is the one the reader sees, and goes before the others."""
    metas = [m for m in (strip_site_name(t, labels) for t in metadata_titles) if m]
    metas = list(dict.fromkeys(metas))
    if not headlines and subheads:
        shown = [m for m in metas if any(_held(_tokens(m), _tokens(s)) == 1.0 for s in subheads)]
        metas = shown + [m for m in metas if m not in shown]
    heads = [h for h in (strip_site_name(h, labels) for h in headlines) if h and not _site_like(h, labels)]
    if not metas:
        return heads[0] if heads else None
    best, best_score = None, 0.0
    for h in heads:
        score = max(_overlap(_tokens(h), _tokens(m)) for m in metas)
        if score > best_score:
            best, best_score = h, score
    if best is None or best_score < SAME_HEADLINE:
        return metas[0]
    h_toks = _tokens(best)
    for m in metas:
        m_toks = _tokens(m)
        # "Kicker: headline" where the h1 is the headline alone
        kicker, colon, rest = m.partition(": ")
        if colon and len(m_toks) > len(h_toks) and _held(h_toks, _tokens(rest)) >= HOLDS_HEADLINE:
            return m
        # an overline inside the h1 ("Premier League" + headline): the metadata title is its end
        if 0 < len(m_toks) < len(h_toks) and h_toks[-len(m_toks):] == m_toks:
            return m
    return best
