"""Build seeds/common_nouns_de.csv: German capitalised common nouns, derived from NER training data.

    python3 scripts/build_common_nouns_de.py [/work/shared/ner-data/de] > seeds/common_nouns_de.csv

German capitalises every noun, so the NER model sometimes takes a lone noun ("Nachwuchs",
"Besuch") for a name. A word that the annotated corpora show capitalised in mid-sentence
(not after . ! ? : or an opening quote) at least MIN_COUNT times, tagged O each time, and never
inside an entity span (any tag, any position) is a common noun. transforms/entities drops a
one-word, model-only guess whose every form is in this list.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

MIN_COUNT = 3
_CAP = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]{2,}$")
_OPENERS = {".", "!", "?", ":", ";", '"', "„", "“", "«", "»", "(", "-", "–", "—", "'", "‚", "‘", "*", "/"}


def common_nouns(files: list[Path], min_count: int = MIN_COUNT) -> dict[str, int]:
    mid_o: collections.Counter[str] = collections.Counter()
    in_entity: collections.Counter[str] = collections.Counter()
    for f in files:
        prev = None
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                prev = None
                continue
            tok, tag = line.split("\t")[:2]
            if tag != "O":
                in_entity[tok] += 1
            elif _CAP.match(tok) and prev is not None and prev not in _OPENERS:
                mid_o[tok] += 1
            prev = tok
    return {w: n for w, n in sorted(mid_o.items()) if n >= min_count and not in_entity[w]}


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/ner-data/de")
    files = sorted(root.glob("*.conll"))
    words = common_nouns(files)
    print("# German common nouns for transforms/entities (one-word model guesses in this list are")
    print("# dropped). Built by scripts/build_common_nouns_de.py from the CoNLL NER corpora in")
    print("# ner-data/de (GermEval 2014 dev/test CC BY 4.0, DFKI SmartData, MobIE, Europeana")
    print("# newspapers, UNER German PUD; see ner-data/README.md for origins and licences): words seen")
    print(f"# capitalised mid-sentence >= {MIN_COUNT} times, always tagged O, never inside an entity span.")
    print(f"# files: {', '.join(f.name for f in files)}")
    print("word,count")
    for w, n in words.items():
        print(f"{w},{n}")


if __name__ == "__main__":
    main()
