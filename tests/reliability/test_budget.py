"""Per-page budgets, pure: over a size budget a page is rejected `too_large`; over a text budget it
is kept, cut, and says so; under them nothing changes (the golden pages check that for real pages)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.reliability.hostile import huge_paragraph, many_figures, many_paragraphs
from transforms.page import ExtractOptions, PageBudget, PageInput, extract_page
from transforms.page.budget import cut_paragraphs
from transforms.records import BODY_SEP

URL = "https://www.example-zeitung.de/politik/2026/01/05/ein-langer-bericht-100234.html"


def extract(data: bytes, budget: PageBudget | None = None):
    page = PageInput(URL, URL, data, "text/html", None, datetime(2026, 1, 5, tzinfo=UTC))
    return extract_page(page, ExtractOptions(budget=budget or PageBudget()), None)


def test_pages_over_a_size_budget_are_rejected_too_large() -> None:
    for data in (many_figures(), many_paragraphs()):
        result = extract(data)
        assert result.reject is not None and result.reject.reason == "too_large"
        assert "budget" in result.reject.detail


def test_a_huge_paragraph_becomes_a_bounded_article_flagged_truncated() -> None:
    budget = PageBudget()
    result = extract(huge_paragraph(), budget)
    assert result.article is not None
    assert len(result.article["body"]) <= budget.max_body_chars
    assert all(len(b.text) <= budget.max_body_chars for b in result.blocks)
    assert result.truncated == "body,entities_quotes"
    assert all(e["first_offset"] is None or e["first_offset"] < budget.max_semantic_paragraph_chars
               for e in result.entities)


def test_cut_paragraphs_keeps_a_prefix_so_body_offsets_hold() -> None:
    paras = ["eins zwei drei", "vier fünf sechs sieben", "acht"]
    assert cut_paragraphs(paras, 10_000) == paras
    body = BODY_SEP.join(paras)
    cut = cut_paragraphs(paras, len(paras[0]) + len(BODY_SEP) + 10)
    assert cut == ["eins zwei drei", "vier fünf"] and body.startswith(BODY_SEP.join(cut))
    assert cut_paragraphs(["x" * 50, "y"], 1_000, max_paragraph_chars=20) == ["x" * 20]
