"""Direct and indirect quotes with their speakers: marks, tokens, names, context, attribution."""

from transforms.quotes.extract import extract_quotes, quote_hash

__all__ = ["extract_quotes", "quote_hash"]
