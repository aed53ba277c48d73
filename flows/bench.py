"""`make bench`: pipeline throughput and peak memory against a bare trafilatura loop, same pages, same run.

Pages: the dev corpus (../shared/corpus/dev) when present, else the bundled sample pages, copied
under distinct names up to N pages so every copy becomes its own article.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flows.settings import PROJECT_ROOT

DEV_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "dev"


def build_pages(n: int, out: Path) -> tuple[list[Path], str]:
    if DEV_CORPUS.is_dir():
        originals, origin = sorted(DEV_CORPUS.glob("*.html.gz")), "dev corpus"
    else:
        originals, origin = sorted((PROJECT_ROOT / "seeds" / "sample").glob("*.html")), "sample pages"
    pages = []
    for i in range(n):
        src = originals[i % len(originals)]
        dst = out / f"{i:06d}-{src.name}"
        shutil.copyfile(src, dst)
        pages.append(dst)
    return pages, f"{origin} ({len(originals)} distinct)"


def _bare(path: str) -> int:
    import trafilatura

    data = Path(path).read_bytes()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    doc = trafilatura.bare_extraction(data.decode("utf-8", errors="replace"), with_metadata=True,
                                      include_comments=False, include_tables=False)
    return len(doc.text or "") if doc is not None and not isinstance(doc, dict) else 0


def bare_loop(pages: list[Path], workers: int) -> float:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_bare, [str(p) for p in pages], chunksize=max(1, len(pages) // (workers * 8))))
    return len(pages) / (time.perf_counter() - t0)


STAGES = {  # (file suffix, function) -> stage name, for the per-stage CPU breakdown
    ("trafilatura/core.py", "bare_extraction"): "trafilatura",
    ("transforms/structure/blocks.py", "analyze_structure"): "structure (blocks, captions)",
    ("transforms/entities/model.py", "mentions"): "NER model (spaCy)",
    ("transforms/entities/analyze.py", "analyze_entities"): "entity rules",
    ("transforms/quotes/extract.py", "extract_quotes"): "quotes",
    ("transforms/page/extract.py", "extract_page"): "whole page",
}


def stage_profile(pages: list[Path], n: int = 60) -> tuple[dict[str, float], int]:
    """CPU seconds per stage over the first n distinct pages, in this process (cProfile)."""
    import cProfile
    import pstats
    from datetime import UTC, datetime

    from flows.io.rawstore import RawStore
    from flows.models import load_nlp
    from flows.pipeline import worker_config
    from flows.settings import get_settings
    from transforms.page import PageInput, extract_page

    s = get_settings()
    config = worker_config(s, RawStore(Path(tempfile.gettempdir())))
    nlp = load_nlp(config.ner_model_de, config.ner_model_en, config.gazetteer_csv)
    inputs = []
    for p in pages[:n]:
        data = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        inputs.append(PageInput(p.as_uri(), p.as_uri(), data, "text/html", None, datetime.now(UTC)))
    words = 0
    prof = cProfile.Profile()
    prof.enable()
    for page in inputs:
        result = extract_page(page, config.options, nlp)
        words += (result.article or {}).get("word_count") or 0
    prof.disable()
    out: dict[str, float] = {}
    for (file, _line, func), row in pstats.Stats(prof).stats.items():  # type: ignore[attr-defined]
        for (suffix, name), stage in STAGES.items():
            if func == name and file.endswith(suffix):
                out[stage] = out.get(stage, 0.0) + row[3]  # cumulative time
    return {k: v / len(inputs) for k, v in out.items()}, words // max(1, len(inputs))


def peak_rss_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-n", "--pages", type=int, default=int(os.environ.get("BENCH_PAGES", 2000)))
    args = p.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="news-bench-") as tmp:
        pages_dir = Path(tmp) / "pages"
        pages_dir.mkdir()
        pages, origin = build_pages(args.pages, pages_dir)
        print(f"bench: {len(pages)} pages from the {origin}, {workers} worker(s)", flush=True)

        from flows.nightly import nightly

        summary = nightly(sources=[str(pages_dir)], db_path=str(Path(tmp) / "bench.duckdb"))
        flow_rate = len(pages) / summary["duration_s"]
        rss_parent, rss_child = peak_rss_mb()
        bare_rate = bare_loop(pages, workers)
        per_stage, words = stage_profile(pages)
    print(f"pipeline : {flow_rate:7.1f} pages/s ({summary['duration_s']:.1f} s, "
          f"{summary.get('articles', 0)} articles, {summary.get('rejects', 0)} rejects)")
    print(f"bare loop: {bare_rate:7.1f} pages/s (trafilatura.bare_extraction on {workers} cores)")
    print(f"ratio    : {flow_rate / bare_rate:7.2f} of the bare loop")
    print(f"peak RSS : {rss_parent:7.0f} MB flow process, {rss_child:.0f} MB largest worker")
    whole = per_stage.get("whole page", 0.0) or 1e-9
    print(f"per page (CPU, one core, profiled; {words} words on average):")
    for stage in STAGES.values():
        if stage in per_stage and stage != "whole page":
            print(f"  {stage:30s} {per_stage[stage] * 1000:7.1f} ms  {per_stage[stage] / whole:5.0%}")
    ner = per_stage.get("NER model (spaCy)", 0.0) + per_stage.get("entity rules", 0.0)
    if ner:
        print(f"  entities (model + rules): {words / ner:,.0f} words/s per core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
