"""Build seeds/common_words_en.csv: English words the NER corpora show as plain text, not names.

    python3 scripts/build_common_words_en.py [/work/shared/ner-data/en] > seeds/common_words_en.csv

The English model takes some capitalised common words for names ("Email" PER, "Government" ORG,
"Search" ORG). A word the annotated training corpora show in lower case outside a name at least
MIN_COUNT times, at least RATIO times as often as inside a name, and a one-token name at most once
per ALONE_RATIO plain uses, is a common word (the rule of scripts/build_common_nouns_de.py, with
lower case as the plain-text evidence, since English capitalises names only). transforms/entities
drops a one-word, model-only English guess whose every form is in this list. Only training and
development splits are read; the evaluation splits (UNER en_pud and en_ewt test, WNUT17 dev/test,
SEC filings test) are kept apart for tests/eval/entities_corpus.py.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

MIN_COUNT = 3
RATIO = 3
ALONE_RATIO = 20
FILES = ("btc.conll", "wikigold.conll", "wnut17-train.conll", "sec-filings-train.conll", "uner-en_ewt-dev.conll")
_LOWER = re.compile(r"^[a-z]{3,}$")


def common_words(files: list[Path], min_count: int = MIN_COUNT) -> dict[str, int]:
    plain: collections.Counter[str] = collections.Counter()
    in_entity: collections.Counter[str] = collections.Counter()
    alone: collections.Counter[str] = collections.Counter()  # a whole one-token entity
    for f in files:
        rows = [ln.split("\t")[:2] if ln.strip() else None for ln in f.read_text(encoding="utf-8").splitlines()]
        for i, row in enumerate(rows):
            if row is None or len(row) < 2:
                continue
            tok, tag = row
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            key = tok.casefold()
            if tag != "O":
                in_entity[key] += 1
                if tag.startswith("B-") and not (nxt and len(nxt) == 2 and nxt[1].startswith("I-")):
                    alone[key] += 1
            elif _LOWER.match(tok):
                plain[key] += 1
    return {w: n for w, n in sorted(plain.items())
            if n >= min_count and alone[w] * ALONE_RATIO <= n and in_entity[w] * RATIO <= n}


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/ner-data/en")
    words = common_words([root / name for name in FILES])
    print("# English common words for transforms/entities (one-word model guesses in this list are")
    print("# dropped). Built by scripts/build_common_words_en.py from the training/development splits")
    print("# of the CoNLL NER corpora in ner-data/en (wikigold, WNUT17 train, Broad Twitter Corpus:")
    print("# CC BY 4.0; SEC filings train: CC BY 3.0; UNER English-EWT dev: CC BY-SA 4.0, so this list")
    print("# is CC BY-SA 4.0; see ner-data/README.md for origins): words seen in lower case outside a")
    print(f"# name >= {MIN_COUNT} times, >= {RATIO}x as often as inside a name and >= {ALONE_RATIO}x as often")
    print("# as a one-token name.")
    print(f"# files: {', '.join(FILES)}")
    print("word,count")
    for w, n in words.items():
        print(f"{w},{n}")


if __name__ == "__main__":
    main()
