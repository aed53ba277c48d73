"""A sample database built from seeds/sample/ with the pipeline's own extraction and load code
(flows.extract.Extractor in serial mode and flows.load.load_results), without Prefect's runtime.

Each page gets a source named after its site (www.example-zeitung.de -> example-zeitung.de), as a
sources.toml with one [[source]] per site would give, so per-source queries have something to
show. One extra URL fails with HTTP 404, so rejects and reject rates are not all empty.

    .venv/bin/python -m tests.analyst.sample_db data/sample.duckdb   # build one to play with
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows import models
from flows.extract import Extractor, PageJob, WorkerConfig
from flows.io import db
from flows.io.rawstore import RawStore
from flows.load import load_results
from flows.reference import load_agencies
from flows.settings import PROJECT_ROOT, get_settings
from transforms.ids import stable_id
from transforms.page.extract import ExtractOptions
from transforms.tables import schemas

SAMPLE_DIR = PROJECT_ROOT / "seeds" / "sample"
FETCHED_AT = datetime(2026, 1, 1, 6, 0, tzinfo=UTC)
RUN_ID = "sample-run"
MISSING_URL = "https://www.foxnews.example/world/page-that-moved"
CANONICAL = re.compile(rb'<link[^>]+rel="canonical"[^>]+href="https?://(?:www\.)?([^/"]+)', re.I)


def site_source(html: bytes) -> str:
    m = CANONICAL.search(html)
    return m.group(1).decode("ascii", "replace") if m else "sample"


def worker_config(store: RawStore) -> tuple[WorkerConfig, list[str]]:
    """The nightly flow's extraction settings; a model that is not installed is left out (rules
    only) and reported, so the sample still builds on a machine without it."""
    s = get_settings()
    missing = []
    names = {}
    for lang, name in (("de", s.ner_model_de), ("en", s.ner_model_en)):
        try:
            if s.ner and name:
                models.check_model(name, lang)
            names[lang] = name if s.ner else ""
        except models.ModelError as exc:
            missing.append(str(exc))
            names[lang] = ""
    options = ExtractOptions(min_words=s.min_words, agencies=load_agencies(s.seeds_dir), semantics=s.ner)
    gazetteer = s.seeds_dir / "gazetteer_names.csv"
    return WorkerConfig(str(store.root), options, names["de"], names["en"],
                        str(gazetteer) if gazetteer.exists() else ""), missing


def raw_row(url: str, source: str, sha: str | None, size: int, error: str | None) -> dict:
    return {"fetch_id": stable_id("fetch", url, RUN_ID), "url": url, "final_url": url,
            "status": 404 if error else 200, "content_type": "text/html", "bytes": size, "sha256": sha,
            "fetched_at": FETCHED_AT, "attempts": 1, "not_modified": False, "error": error,
            "source": source, "run_id": RUN_ID}


def build_sample_db(path: Path) -> list[str]:
    """Build the database at `path` (replacing it); returns warnings (models left out)."""
    path.unlink(missing_ok=True)
    store = RawStore(path.parent / f"{path.stem}-raw")
    config, warnings = worker_config(store)
    jobs, raw = [], []
    for page in sorted(SAMPLE_DIR.glob("*.html")):
        data = page.read_bytes()
        url = f"https://sample.news-etl.test/{page.name}"
        sha = store.put(data)
        source = site_source(data)
        jobs.append(PageJob(url, url, sha, "text/html", None, FETCHED_AT, source, None))
        raw.append(raw_row(url, source, sha, len(data), None))
    raw.append(raw_row(MISSING_URL, "foxnews.example", None, 0, "http_404"))
    raw_pages = schemas.frame(raw, schemas.RAW_PAGES)
    fetch_rejects = raw_pages.filter(pl.col("error").is_not_null()).select(
        "url", pl.lit("fetch").alias("stage"), pl.col("error").alias("reason"),
        pl.lit("HTTP 404 Not Found").alias("detail"), "source", "run_id",
        pl.col("fetched_at").alias("rejected_at"))
    with Extractor(config, workers=1, mode="serial") as extractor:
        results = extractor.run(jobs)
    extracted = [(r, {"sha256": j.sha256, "fetched_at": j.fetched_at, "source": j.source})
                 for r, j in zip(results, jobs, strict=True)]
    con = db.connect(path)
    try:
        db.apply_schema(con, PROJECT_ROOT / "sql")
        db.execute(con, db.read_sql(PROJECT_ROOT / "sql", "load/run_start.sql"), {
            "run_id": RUN_ID, "flow": "sample", "parameters": json.dumps({"sources": [str(SAMPLE_DIR)]}),
            "started_at": FETCHED_AT})
        counts = load_results(con, PROJECT_ROOT / "sql", extracted, RUN_ID, FETCHED_AT,
                              raw_pages=raw_pages, fetch_rejects=fetch_rejects)
        db.execute(con, db.read_sql(PROJECT_ROOT / "sql", "load/run_finish.sql"), {
            "run_id": RUN_ID, "finished_at": FETCHED_AT, "counts": json.dumps(counts), "status": "completed"})
    finally:
        con.close()
    return warnings


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("data/sample.duckdb")
    out.parent.mkdir(parents=True, exist_ok=True)
    for w in build_sample_db(out):
        print(f"warning: {w}", file=sys.stderr)
    print(f"sample database written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
