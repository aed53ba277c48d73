"""Per-page budgets: what a page may cost each stage, so one hostile page cannot take a worker down.

Two kinds of cap, both pure and applied inside `extract_page`, so they hold on any executor:
- the size of the page (HTML characters, elements, paragraphs, figures) is checked on the parsed
  tree before trafilatura and the structure pass walk it; a page over one of these is rejected
  (`too_large`), because those stages have no cheap way to stop half-way;
- the text later stages take is cut to a prefix: the stored body (`max_body_chars`), and the
  text NER and the quote finder read (`max_semantic_chars`). The article is kept and says what
  was cut in `truncated`.
Wall time and memory are the executor's to enforce (flows/pool.py).

The defaults sit far above real pages (dev corpus: at most 3,320 elements, 139 <p>, 215 figures
and 1.7 MB of HTML), so they never change the rows of a normal page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import html as lxml_html

from transforms.records import BODY_SEP, Structure


@dataclass(frozen=True)
class PageBudget:
    max_html_chars: int = 8_000_000  # decoded HTML; the fetch cap (10 MB) bounds it already
    max_elements: int = 60_000  # HTML elements in the page
    max_paragraphs: int = 10_000  # <p> elements
    max_figures: int = 3_000  # <figure>, <img> and <picture> elements
    max_body_chars: int = 300_000  # body text kept (a long report is ~60,000)
    max_semantic_chars: int = 120_000  # text of title, lead, body and captions NER and quotes read
    # ... and of one paragraph: entity rules compare the mentions of one text pairwise, so one
    # huge paragraph of capitalised words costs minutes where the same text in paragraphs costs ms
    max_semantic_paragraph_chars: int = 20_000


def oversize(text_len: int, tree: lxml_html.HtmlElement, budget: PageBudget) -> str | None:
    """Why the page is too large for the budget, or None. Counted by libxml2 (XPath count, ~0.5 ms
    on a real page, 2-3x faster than a Python walk of the tree)."""
    if text_len > budget.max_html_chars:
        return f"{text_len:,} characters of HTML (budget {budget.max_html_chars:,})"
    elements = int(tree.xpath("count(//*)"))
    paragraphs = int(tree.xpath("count(//p)"))
    figures = int(tree.xpath("count(//figure|//img|//picture)"))
    for count, cap, what in ((elements, budget.max_elements, "HTML elements"),
                             (paragraphs, budget.max_paragraphs, "paragraphs"),
                             (figures, budget.max_figures, "figures and images")):
        if count > cap:
            return f"{count:,} {what} (budget {cap:,})"
    return None


def cut_paragraphs(paragraphs: list[str], max_chars: int, max_paragraph_chars: int | None = None) -> list[str]:
    """The longest prefix of `paragraphs` that fits `max_chars` once joined with BODY_SEP, and
    whose paragraphs fit `max_paragraph_chars`; the paragraph that crosses a limit is cut at its
    last space before it and ends the prefix. Offsets into the joined prefix are offsets into the
    full body, so rows built on it stay valid."""
    out: list[str] = []
    used = 0
    for p in paragraphs:
        room = max_chars - used if max_paragraph_chars is None else min(max_chars - used, max_paragraph_chars)
        if len(p) <= room:
            out.append(p)
            used += len(p) + len(BODY_SEP)
            continue
        if room > 0:
            cut = p[:room]
            space = cut.rfind(" ")
            cut = cut[:space] if space > room // 2 else cut
            if cut.strip():
                out.append(cut.rstrip())
        break
    return out


def bound_structure(structure: Structure, max_chars: int) -> Structure:
    """The structure with its body paragraphs (and their roles) cut to `max_chars`, and no block or
    lead longer than that; the same object when it fits."""
    kept = cut_paragraphs(structure.paragraphs, max_chars)
    long_blocks = any(len(b.text) > max_chars for b in structure.blocks)
    if kept == structure.paragraphs and not long_blocks and len(structure.lead or "") <= max_chars:
        return structure
    blocks = [replace(b, text=b.text[:max_chars]) if len(b.text) > max_chars else b for b in structure.blocks]
    lead = structure.lead[:max_chars] if structure.lead else structure.lead
    return replace(structure, paragraphs=kept, paragraph_roles=structure.paragraph_roles[:len(kept)],
                   blocks=blocks, lead=lead)


def bound_captions(captions: list[str], room: int) -> list[str]:
    """Caption texts for NER within `room` characters (a caption that does not fit is left out)."""
    out, used = [], 0
    for c in captions:
        if used + len(c) > room:
            break
        out.append(c)
        used += len(c)
    return out
