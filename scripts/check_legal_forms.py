"""How often the legal-form rule (transforms.entities.orgs.legal_form_cands) names an ORG of the
NER training data: precision and span match on the train splits only (evaluation splits untouched).

    .venv/bin/python scripts/check_legal_forms.py [../shared/ner-data]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.entities.analyze import parse_word_list_csv  # noqa: E402
from transforms.entities.orgs import legal_form_cands  # noqa: E402

NOUNS = parse_word_list_csv((Path(__file__).resolve().parents[1] / "seeds" / "common_nouns_de.csv")
                            .read_text(encoding="utf-8"))


def sentences(path: Path):
    toks: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) >= 2:
            toks.append((parts[0], parts[-1]))
        elif toks:
            yield toks
            toks = []
    if toks:
        yield toks


def main(root: Path) -> int:
    found = inside = exact = 0
    for path in sorted((root / "de").glob("*train*.conll")) + sorted((root / "en").glob("*train*.conll")):
        for sent in sentences(path):
            text, offs = "", []
            for tok, _ in sent:
                offs.append(len(text))
                text += tok + " "
            spans, cur = [], None  # gold ORG spans as character offsets
            for i, (tok, tag) in enumerate(sent):
                if tag == "B-ORG" or (tag == "I-ORG" and cur is None):
                    cur = [offs[i], offs[i] + len(tok)]
                    spans.append(cur)
                elif tag == "I-ORG":
                    cur[1] = offs[i] + len(tok)
                else:
                    cur = None
            for c in legal_form_cands(0, text, NOUNS):
                found += 1
                hit = [s for s in spans if s[0] < c.end and c.start < s[1]]
                inside += bool(hit)
                exact += any(s == [c.start, c.end] for s in hit)
    print(f"legal-form candidates {found}: overlap a gold ORG {inside} ({inside / max(found, 1):.3f}), "
          f"same span {exact} ({exact / max(found, 1):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else
                          Path(__file__).resolve().parents[2] / "shared" / "ner-data"))
