"""Fixtures for the operations tests: fast settings (no NER models, serial extraction) and dated
sitemaps of the bundled sample pages (file:// URLs, so no HTTP server is needed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import sample_pages


@pytest.fixture
def fast_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from flows.settings import get_settings

    monkeypatch.setenv("NEWS_NER", "false")
    monkeypatch.setenv("NEWS_EXECUTOR", "serial")
    monkeypatch.setenv("NEWS_WORKERS", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def write_sitemap(path: Path, entries: list[tuple[Path | str, date | None]]) -> Path:
    """A urlset sitemap of (page, lastmod day) entries; pages become file:// URLs."""
    urls = []
    for page, day in entries:
        loc = page.resolve().as_uri() if isinstance(page, Path) else page
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        urls.append(f"<url><loc>{loc}</loc>{lastmod}</url>")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                    + "\n".join(urls) + "\n</urlset>\n", encoding="utf-8")
    return path


@pytest.fixture
def pages() -> list[Path]:
    return [p for p in sample_pages() if not p.name.startswith("seed-")]
