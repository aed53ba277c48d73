"""One raw page -> the rows of every table: decode, metadata, page kind, language, and the joiner
(`extract_page`) that runs structure, entities and quotes on it."""

from transforms.page.budget import PageBudget
from transforms.page.extract import (
    ExtractOptions,
    Nlp,
    PageInput,
    PageResult,
    Reject,
    extract_page,
)

__all__ = ["ExtractOptions", "Nlp", "PageBudget", "PageInput", "PageResult", "Reject", "extract_page"]
