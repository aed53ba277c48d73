"""Titles and bylines on the dev pages: ours next to trafilatura's own, per page and per publisher.

    .venv/bin/python -m tests.eval.metadata_dev [--shared ../shared] [-v]

Parses each page and runs `transforms.page.metadata.extract_metadata` exactly as `extract_page` does
(without the block classifier and the models, so it takes seconds) and scores both with
score.py's title_near and authors_r (agency bylines counted with the authors, as score.py does).
Reports the micro value over pages and the macro over publishers (tests/eval/publishers.py), the
number the held-out set is closer to. -v lists every page where either is wrong.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flows.reference import load_agencies  # noqa: E402
from tests.eval.publishers import load_scorer, publisher  # noqa: E402
from transforms.page.decode import decode_html  # noqa: E402
from transforms.page.metadata import agency_from_dateline, extract_metadata  # noqa: E402
from transforms.page.parse import parse_page  # noqa: E402


def page_scores(score, truth: dict, title: str | None, authors: list[str]) -> dict:
    row = score.score_page(truth, {"title": title, "authors": authors}, {"title", "authors"})
    return {k: row.get(k) for k in ("title_near", "authors_r")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    score = load_scorer(args.shared)
    dev = args.shared / "corpus" / "dev"
    agencies = load_agencies(ROOT / "seeds").aliases
    results: dict[str, dict[str, list[float]]] = {"ours": defaultdict(list), "trafilatura": defaultdict(list)}
    by_pub: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: {"ours": defaultdict(list), "trafilatura": defaultdict(list)})
    for path in sorted(dev.glob("*.html.gz")):
        truth = json.loads((dev / path.name.replace(".html.gz", ".truth.json")).read_text(encoding="utf-8"))
        text = decode_html(gzip.decompress(path.read_bytes()), None, "text/html").text
        url = truth.get("url") or path.as_uri()
        parsed = parse_page(text, url)  # the one parse extract_page shares between its stages
        doc = parsed.doc
        assert doc is not None, truth["id"]
        meta = extract_metadata(parsed.tree, url, doc.title, doc.author, doc.date, doc.sitename,
                                doc.description, None, agencies, json_ld=parsed.json_ld)
        first = next((p for p in (doc.text or "").split("\n") if p.strip()), "")
        agency = meta.agency_byline or agency_from_dateline(first, agencies)
        ours = page_scores(score, truth, meta.title, meta.authors + ([agency] if agency else []))
        traf = page_scores(score, truth, doc.title, (doc.author or "").split(";") if doc.author else [])
        for name, s in (("ours", ours), ("trafilatura", traf)):
            for k, v in s.items():
                if v is not None:
                    results[name][k].append(v)
                    by_pub[publisher(truth["id"])][name][k].append(v)
        if args.verbose and (ours != traf or 0.0 in ours.values()):
            print(f"{truth['id']}: ours {ours} trafilatura {traf}\n  truth {truth.get('title')!r} "
                  f"{truth.get('authors')}\n  ours  {meta.title!r} {meta.authors} {agency}\n"
                  f"  traf  {doc.title!r} {doc.author!r}")
    print(f"{'':12}{'title micro':>12}{'title macro':>12}{'authors micro':>14}{'authors macro':>14}")
    for name in ("ours", "trafilatura"):
        cells = []
        for k in ("title_near", "authors_r"):
            micro = statistics.fmean(results[name][k])
            macro = statistics.fmean(statistics.fmean(p[name][k]) for p in by_pub.values() if p[name][k])
            cells += [micro, macro]
        print(f"{name:12}{cells[0]:12.3f}{cells[1]:12.3f}{cells[2]:14.3f}{cells[3]:14.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
