"""Golden pages: each sample page's expected rows, as sorted JSON.

Regenerate after an intended change and read the diff:
    .venv/bin/python -m tests.golden.golden            # rewrite tests/golden/expected/, print the diff
    .venv/bin/python -m tests.golden.golden --check    # only show the diff
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from flows.models import load_nlp
from flows.reference import load_agencies
from flows.settings import PROJECT_ROOT, get_settings
from transforms.page.extract import ExtractOptions, Nlp, PageInput, extract_page

SAMPLE_DIR = PROJECT_ROOT / "seeds" / "sample"
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def sample_pages() -> list[Path]:
    return sorted(SAMPLE_DIR.glob("*.html"))


def options() -> tuple[ExtractOptions, Nlp]:
    """The production configuration: agencies from seeds/, the configured NER models."""
    s = get_settings()
    nlp = load_nlp(s.ner_model_de, s.ner_model_en, str(s.seeds_dir / "gazetteer_names.csv"))
    return ExtractOptions(agencies=load_agencies(PROJECT_ROOT / "seeds")), nlp


def rows_for(page: Path, opts: tuple[ExtractOptions, Nlp]) -> dict:
    url = f"https://sample.news-etl.test/{page.name}"
    page_input = PageInput(url, url, page.read_bytes(), "text/html", None, FETCHED_AT, "sample")
    result = extract_page(page_input, *opts)
    as_rows = lambda items: [dataclasses.asdict(x) if dataclasses.is_dataclass(x) else x for x in items]  # noqa: E731
    return {
        "reject": dataclasses.asdict(result.reject) if result.reject else None,
        "article": result.article,
        "photo_captions": as_rows(result.captions),
        "article_blocks": as_rows(result.blocks),
        "quotes": as_rows(result.quotes),
        "article_entities": as_rows(result.entities),
    }


def render(rows: dict) -> str:
    return json.dumps(rows, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def expected_path(page: Path) -> Path:
    return EXPECTED_DIR / f"{page.stem}.json"


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    opts = options()
    changed = 0
    for page in sample_pages():
        new = render(rows_for(page, opts))
        path = expected_path(page)
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if new != old:
            changed += 1
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True), str(path), f"{path} (new)", n=1))
            if not check_only:
                EXPECTED_DIR.mkdir(parents=True, exist_ok=True)
                path.write_text(new, encoding="utf-8")
    print(f"{changed} golden file(s) {'differ' if check_only else 'rewritten'}", file=sys.stderr)
    return 1 if (check_only and changed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
