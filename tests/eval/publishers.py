"""Dev scores per publisher: what a site we have never seen should expect.

    .venv/bin/python -m tests.eval.publishers data/dev.duckdb [--shared ../shared]
        [--out tests/eval/publisher-scores.json] [--txt tests/eval/publisher-scores.txt]

The held-out set is other publishers, so the dev pages are grouped by publisher (the middle part of
`cc_Publisher_yyyy_mm_dd`; a domain would split www./m. variants of one site) and every metric is
reported three ways: the scorer's micro value over all dev pages, the macro average over publishers
(each publisher counts once, however many pages it has: a rule fitted to the three Hamburger
Abendblatt pages no longer counts three times), and the worst publisher. The word lists that are
not learned from data (the gazetteer) are scored leave-publisher-out in the entity harness
(`tests/eval/entities_dev.py --lpo`), which only it can re-run cheaply.

Scoring is /work/shared/tools/score.py's own (imported): page metrics are means over pages,
quote and entity metrics micro over the counts of a publisher's pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METRICS = ("body_f1", "title_near", "authors_r", "date_match", "cap_struct", "credit", "img_url",
           "quote_f1", "speaker_acc", "quote_speaker_f1", "ent_f1", "ent_typed_f1", "ent_PER_f1",
           "ent_ORG_f1", "ent_LOC_f1")
LANGS = ("all", "de", "en")


def publisher(page_id: str) -> str:
    """`de_HamburgerAbendblatt_2024_04_28` -> `de_HamburgerAbendblatt`."""
    return re.sub(r"(_\d{4}){1}(_\d\d){0,2}$", "", page_id)


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def page_rows(shared: Path, duckdb_path: Path) -> tuple[object, list[dict], set[str]]:
    score = load_scorer(shared)
    dev = shared / "corpus" / "dev"
    truth = score.load_truth([dev])
    gold = score.load_gold([dev], truth, [])
    source = score.DuckDb(duckdb_path, {})
    rows, _ = score.score_truth(truth, gold, source)
    return score, rows, source.expected - source.available


def publisher_scores(score, rows: list[dict], missing: set[str]) -> dict:
    """{"micro": {lang: {metric: v}}, "macro": {...}, "worst": {...}, "publishers": {pub: {...}}}."""
    out: dict = {"micro": {}, "macro": {}, "worst": {}, "publishers": {}}
    by_pub: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_pub[publisher(r["id"])].append(r)
    per_pub = {p: score.aggregate(rs, missing) for p, rs in sorted(by_pub.items())}
    out["publishers"] = {p: {"pages": a["pages"], **{m: a.get(m) for m in METRICS if a.get(m) is not None}}
                         for p, a in per_pub.items()}
    for lang in LANGS:
        keep = [r for r in rows if lang == "all" or r["language"] == lang]
        micro = score.aggregate(keep, missing)
        pubs = [p for p in per_pub if lang == "all" or by_pub[p][0]["language"] == lang]
        out["micro"][lang] = {m: micro.get(m) for m in METRICS if micro.get(m) is not None}
        out["macro"][lang], out["worst"][lang] = {}, {}
        for m in METRICS:
            vals = [(per_pub[p][m], p) for p in pubs if per_pub[p].get(m) is not None]
            if vals:
                out["macro"][lang][m] = round(statistics.fmean(v for v, _ in vals), 4)
                out["worst"][lang][m] = f"{min(vals)[0]:.3f} {min(vals)[1]}"
        out["macro"][lang]["publishers"] = len(pubs)
    return out


def floor_groups(scores: dict) -> dict:
    """The macro scores as score.py-shaped groups for tests.eval.floor, plus the detail."""
    out = {f"publisher_macro:{lg}": dict(scores["macro"][lg]) for lg in LANGS}
    out["publishers"] = scores["publishers"]
    return out


def render(scores: dict, lpo_entities: dict | None) -> str:
    lines = ["# Dev scores: micro over pages (the scorer's number) next to the macro average over",
             "# publishers (each publisher once). Regenerate: see tests/eval/publishers.py.",
             f"{'metric':18}" + "".join(f"{'micro ' + lg:>11}{'macro ' + lg:>11}" for lg in LANGS)
             + "   worst publisher (all)"]
    for m in METRICS:
        cells = []
        for lg in LANGS:
            mi, ma = scores["micro"][lg].get(m), scores["macro"][lg].get(m)
            cells.append(f"{'-' if mi is None else f'{mi:.3f}':>11}{'-' if ma is None else f'{ma:.3f}':>11}")
        lines.append(f"{m:18}" + "".join(cells) + f"   {scores['worst']['all'].get(m, '-')}")
    lines.append(f"{'publishers':18}" + "".join(f"{'':>11}{scores['macro'][lg]['publishers']:>11}" for lg in LANGS))
    if lpo_entities:
        lines += ["", "# Entity harness on the 16 gold pages (truth text): dev vs leave-publisher-out, where",
                  "# gazetteer entries seen in only one dev publisher's pages are dropped for that publisher.",
                  f"{'':18}{'dev F1':>11}{'LPO F1':>11}{'dev ORG':>11}{'LPO ORG':>11}"]
        for lg in ("de", "en", "all"):
            d, lp = lpo_entities[f"entities_dev:{lg}"], lpo_entities[f"entities_lpo:{lg}"]
            lines.append(f"{lg:18}{d['ent_f1']:11.3f}{lp['ent_f1']:11.3f}{d['ent_ORG_f1']:11.3f}{lp['ent_ORG_f1']:11.3f}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("duckdb", type=Path)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, help="write the scores as JSON (groups publisher_macro:LANG, "
                    "read by tests.eval.floor; per-publisher values under 'publishers')")
    ap.add_argument("--txt", type=Path, help="write the table as text")
    ap.add_argument("--lpo-entities", type=Path, help="entities_dev.py --lpo-out JSON to add")
    args = ap.parse_args(argv)
    score, rows, missing = page_rows(args.shared, args.duckdb)
    scores = publisher_scores(score, rows, missing)
    lpo = json.loads(args.lpo_entities.read_text()) if args.lpo_entities and args.lpo_entities.exists() else None
    text = render(scores, lpo)
    print(text, end="")
    if args.out:
        args.out.write_text(json.dumps(floor_groups(scores), indent=1, sort_keys=True) + "\n")
    if args.txt:
        args.txt.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
