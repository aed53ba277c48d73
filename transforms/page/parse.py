"""Parse a page once and hand the result to every stage.

Before this, each page was parsed three times (our lxml tree for metadata, trafilatura's own copy,
the block classifier's) and its JSON-LD read twice. Now trafilatura's loader parses the text once;
trafilatura gets that tree (it prunes its own copy of it: `bare_extraction` copies a tree it is
handed; its metadata steps read the tree as it is, see transforms/page/trafmeta.py), metadata and
the page-kind check read it as it is, and the block classifier, which prunes
scripts and styles in place, gets it last. It gets the tree itself, not a copy: a copy costs half
a parse, and lxml copies only the root element, so a page with stray elements after </html> would
get other block xpaths (`/html/...` instead of `/html[1]/...`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import Document
from trafilatura.utils import load_html

from transforms.jsonld import JsonLd, parse_json_ld
from transforms.page import trafmeta
from transforms.page.budget import PageBudget, oversize

VISIBLE_TEXT_CHARS = 20_000


class ParseError(ValueError):
    """The text is not HTML lxml can read."""


class TooLarge(ValueError):
    """The page is over a size budget (transforms/page/budget.py); the message says which."""


@dataclass(frozen=True)
class ParsedPage:
    """One page, parsed once. `tree` is the document root: stages read it and do not change it,
    except the block classifier, which prunes it and so runs after every other reader."""

    tree: lxml_html.HtmlElement
    doc: Document | None  # trafilatura's result (main text, its metadata guesses); None: no main text
    json_ld: tuple[JsonLd, ...]


def parse_page(text: str, url: str, budget: PageBudget | None = None) -> ParsedPage:
    """Parse the page and run trafilatura on it. Raises ParseError for text lxml cannot parse, and
    TooLarge for a tree over the size budget (checked before trafilatura and the other stages walk it)."""
    tree = load_html(text)  # trafilatura's loader, so trafilatura sees exactly the tree it would build
    if tree is None:
        # trafilatura refuses it (an empty or dubious document): no main text, but metadata and the
        # page kind are still read from the plain parse, and a text lxml cannot parse at all is a reject
        plain = _plain_parse(text)
        if budget is not None and (why := oversize(len(text), plain, budget)):
            raise TooLarge(why)
        return ParsedPage(plain, None, ())
    if budget is not None and (why := oversize(len(text), tree, budget)):
        raise TooLarge(why)
    doc = trafmeta.extract(tree, url)
    root = tree
    if tree.getparent() is not None or tree.tag != "html":
        # lxml.html.fromstring returns a fragment for a page that does not open with <html> or a
        # doctype and has no <head>: the other stages want the whole document, so parse it for them
        root = _plain_parse(text)
    return ParsedPage(root, doc, parse_json_ld(root))


def _plain_parse(text: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        raise ParseError(str(exc)) from exc


# The body's text nodes (texts and tails) outside scripts, styles and noscript, in document order.
# One XPath in C: the Python walk it replaced built an element proxy per element (3.6 ms a page).
_VISIBLE = etree.XPath("descendant::text()[not(ancestor::script or ancestor::style or ancestor::noscript)]",
                       smart_strings=False)


def visible_text(tree: lxml_html.HtmlElement, limit: int = VISIBLE_TEXT_CHARS) -> str:
    """The body's text outside scripts, styles and noscript, stripped pieces joined by spaces, cut
    at `limit` characters."""
    body = tree.find("body")
    if body is None:
        return ""
    return " ".join([s for t in _VISIBLE(body) if (s := t.strip())])[:limit]
