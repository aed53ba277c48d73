"""Every sample page's rows equal its golden file; a page without a golden file fails."""

import pytest

from tests.golden.golden import expected_path, options, render, rows_for, sample_pages


@pytest.fixture(scope="module")
def opts():
    return options()


@pytest.mark.parametrize("page", sample_pages(), ids=lambda p: p.stem)
def test_golden_page(page, opts):
    path = expected_path(page)
    assert path.exists(), f"no golden file for {page.name}: run `.venv/bin/python -m tests.golden.golden`"
    assert render(rows_for(page, opts)) == path.read_text(encoding="utf-8"), \
        "extraction changed: review with `.venv/bin/python -m tests.golden.golden --check`"
