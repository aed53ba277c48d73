"""Dev loop for transforms.structure.blocks: body F1, cap_struct and credit on the shared dev corpus.

    .venv/bin/python tests/eval/structure_dev.py [--corpus DIR] [--worst N] [--only NAME] [--baseline]

Scores with the official scorer's own functions (loaded from /work/shared/tools/score.py), so the
numbers match what score.py reports for a database holding this output. Skips cleanly (exit 0)
when the corpus is absent. Reads files: this is a dev script, not a transform.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SHARED = Path("/work/shared")


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("news_score", path)
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus/dev")
    ap.add_argument("--scorer", type=Path, default=SHARED / "tools/score.py")
    ap.add_argument("--worst", type=int, default=8)
    ap.add_argument("--only", default=None)
    ap.add_argument("--baseline", action="store_true", help="score trafilatura's text alone")
    ap.add_argument("--verbose", action="store_true", help="print dropped blocks of the worst pages")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir() or not args.scorer.is_file():
        print(f"skip: no corpus at {args.corpus} or scorer at {args.scorer}")
        return 0
    import trafilatura

    from transforms.structure.blocks import analyze_structure
    from transforms.structure.credits import AgencyTable

    score = _load_scorer(args.scorer)
    with open(ROOT / "seeds/agencies.csv", encoding="utf-8") as fh:
        agencies = AgencyTable.from_rows(csv.DictReader(fh))
    rows, t0, cpu = [], time.perf_counter(), 0.0
    details = {}
    for tpath in sorted(args.corpus.glob("*.truth.json")):
        name = tpath.name[: -len(".truth.json")]
        if args.only and args.only not in name:
            continue
        truth = json.loads(tpath.read_text(encoding="utf-8"))
        with gzip.open(args.corpus / f"{name}.html.gz", "rt", encoding="utf-8") as fh:
            html = fh.read()
        doc = trafilatura.bare_extraction(html, url=truth["url"], with_metadata=True, include_comments=False)
        if args.baseline:
            pred = {"body": [p for p in (doc.text or "").split("\n") if p.strip()], "images": []}
        else:
            c0 = time.process_time()
            st = analyze_structure(html, truth["url"], doc, agencies)
            cpu += time.process_time() - c0
            pred = {"body": st.paragraphs,
                    "images": [{"caption": c.caption, "credit": c.credit, "url": c.image_url,
                                "photographer": c.photographer, "agency": c.agency} for c in st.captions]}
            details[name] = (st, truth)
        row = score.score_page(truth, pred, {"body", "captions"})
        rows.append(row)
    took = time.perf_counter() - t0

    def mean(k: str) -> float | None:
        vals = [r[k] for r in rows if r.get(k) is not None]
        return statistics.fmean(vals) if vals else None

    print(f"pages={len(rows)} seconds={took:.1f} structure_cpu_ms_per_page={1000 * cpu / max(1, len(rows)):.1f}")
    for k in ("body_f1", "body_p", "body_r", "cap_struct", "cap_in_text", "credit", "img_url"):
        v = mean(k)
        print(f"  {k:12s} {v:.4f}" if v is not None else f"  {k:12s} -")
    for k in ("body_f1", "cap_struct", "credit"):
        worst = sorted((r for r in rows if r.get(k) is not None and r[k] < 1), key=lambda r: r[k])[: args.worst]
        if worst:
            print(f"worst {k}: " + ", ".join(f"{r['id']}={r[k]:.3f}" for r in worst))
    if args.verbose:
        for r in sorted(rows, key=lambda r: r.get("body_f1") or 1)[: args.worst]:
            st, truth = details.get(r["id"], (None, None))
            if st is None:
                continue
            ref = {str(score.toks(x)) for x in truth["body"] + truth["summary"] + truth["subheadings"]}
            print(f"== {r['id']} f1={r['body_f1']} p={r.get('body_p')} r={r.get('body_r')}")
            for b in st.blocks:
                inref = str(score.toks(b.text)) in ref
                if (b.role in ("body", "subheading")) != inref:
                    print(f"   {'+' if not inref else '-'} [{b.role}:{b.reason}] {b.text[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
