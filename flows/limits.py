"""The per-page budget and the worker limits, from the settings (README, "Reliability")."""

from __future__ import annotations

from flows.pool import PoolLimits
from flows.settings import Settings
from transforms.page import PageBudget


def page_budget(s: Settings) -> PageBudget:
    return PageBudget(max_html_chars=s.page_max_html_chars, max_elements=s.page_max_elements,
                      max_paragraphs=s.page_max_paragraphs, max_figures=s.page_max_figures,
                      max_body_chars=s.page_max_body_chars, max_semantic_chars=s.page_max_semantic_chars,
                      max_semantic_paragraph_chars=s.page_max_semantic_paragraph_chars)


def pool_limits(s: Settings) -> PoolLimits:
    return PoolLimits(page_timeout=s.page_timeout, memory_mb=s.worker_memory_mb,
                      recycle_after=max(1, s.worker_recycle_pages))
