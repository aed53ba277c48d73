"""Build seeds/common_nouns_de.csv: German capitalised common nouns, derived from NER training data.

    python3 scripts/build_common_nouns_de.py [/work/shared/ner-data/de] > seeds/common_nouns_de.csv

German capitalises every noun, so the NER model sometimes takes a lone noun ("Nachwuchs",
"Besuch") for a name. A word that the annotated corpora show capitalised in mid-sentence
(not after . ! ? : or an opening quote) at least MIN_COUNT times, at least RATIO times as often
as inside an entity span, and a one-token entity at most once per ALONE_RATIO plain uses, is a
common noun. transforms/entities drops a one-word, model-only guess whose every form is in this
list.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

MIN_COUNT = 3
RATIO = 3
ALONE_RATIO = 20
_CAP = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}$")
_OPENERS = {".", "!", "?", ":", ";", '"', "„", "“", "«", "»", "(", "-", "–", "—", "'", "‚", "‘", "*", "/"}


def common_nouns(files: list[Path], min_count: int = MIN_COUNT) -> dict[str, int]:
    mid_o: collections.Counter[str] = collections.Counter()
    in_entity: collections.Counter[str] = collections.Counter()
    alone: collections.Counter[str] = collections.Counter()  # a whole one-token entity
    for f in files:
        rows = [ln.split("\t")[:2] if ln.strip() else None for ln in f.read_text(encoding="utf-8").splitlines()]
        for i, row in enumerate(rows):
            if row is None:
                continue
            tok, tag = row
            prev = rows[i - 1] if i > 0 else None
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            if tag != "O":
                in_entity[tok] += 1
                if tag.startswith("B-") and not (nxt and nxt[1].startswith("I-")):
                    alone[tok] += 1
            elif _CAP.match(tok) and prev is not None and prev[0] not in _OPENERS:
                mid_o[tok] += 1
    # a word inside longer names ("Zoologischer Garten") is still a common noun when it is far more
    # often plain text; a word that is a name on its own more than now and then ("Bild", "Union"),
    # beyond annotation slips ("Stelle" tagged LOC twice in 57), is not
    return {w: n for w, n in sorted(mid_o.items())
            if n >= min_count and alone[w] * ALONE_RATIO <= n and in_entity[w] * RATIO <= n}


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/ner-data/de")
    files = sorted(root.glob("*.conll"))
    words = common_nouns(files)
    print("# German common nouns for transforms/entities (one-word model guesses in this list are")
    print("# dropped). Built by scripts/build_common_nouns_de.py from the CoNLL NER corpora in")
    print("# ner-data/de (GermEval 2014 dev/test CC BY 4.0, DFKI SmartData, MobIE, Europeana")
    print("# newspapers, UNER German PUD; see ner-data/README.md for origins and licences): words seen")
    print(f"# capitalised mid-sentence >= {MIN_COUNT} times, plain text >= {RATIO}x as often")
    print(f"# as inside a name and >= {ALONE_RATIO}x as often as a one-token name.")
    print(f"# files: {', '.join(f.name for f in files)}")
    print("word,count")
    for w, n in words.items():
        print(f"{w},{n}")


if __name__ == "__main__":
    main()
