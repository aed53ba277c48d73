"""Repairs of the NER model's spans, and names qualified as the article writes them.

Pure functions of an article's texts and its `Cand`s (entities.rules), run after the rules
proposed their candidates.
"""

from __future__ import annotations

import re

from transforms.entities.rules import DETERMINER_OR_POSSESSIVE, Cand, Gazetteer, is_place, resolve_overlaps

__all__ = ["BODY_WORDS", "SENTENCE_START", "is_common_noun", "qualify", "trim_model_spans"]


BODY_WORDS = re.compile(r"(?:Ministry|Force|Forces|Army|Navy|Police|Parliament|Embassy|Guard"
                         r"|Command|Service|Government|Cabinet)$")
_LOC_SUFFIX = re.compile(r" (?:region|district|province|oblast|county|municipality)\b")
_POSSESSOR = re.compile(r"([A-Z][\w.-]*(?: [A-Z][\w.-]*)?)[’'‘]s $")


def qualify(texts: list[str], cands: list[Cand], lang: str) -> list[Cand]:
    """English qualified names, as the article writes them: "Russia's Defense Ministry" (a state
    body named by its country), "Kyiv region" / "Shevchenko district" (a place plus its kind)."""
    if lang != "en":
        return cands
    locs = {c.text for c in cands if c.label == "LOC"}
    out = []
    for c in cands:
        text = texts[c.part]
        if c.label == "ORG" and BODY_WORDS.search(c.text):
            m = _POSSESSOR.search(text[:c.start])
            if m and m.group(1) in locs:
                s = m.start(1)
                c = Cand(c.part, s, c.end, text[s:c.end], "ORG", "model")
        elif c.label == "LOC":
            m = _LOC_SUFFIX.match(text, c.end)
            if m:
                c = Cand(c.part, c.start, m.end(), text[c.start:m.end()], "LOC", c.source)
        out.append(c)
    return resolve_overlaps(out)


# ------------------------------------------------------------------ model span repair
def is_common_noun(word: str, nouns: frozenset[str]) -> bool:
    """A German common noun of the list, also in Swiss spelling ("Massnahmen" for "Maßnahmen")."""
    word = word.strip(".,;:!?»«„“\"'")
    return word in nouns or "ss" in word and word.replace("ss", "ß") in nouns


# a word of four letters or more ending a sentence; shorter ones are abbreviations ("U.N. Security", "Dr. Who")
_SENTENCE_END = re.compile(r"(?<![\w.])(?!(?:Prof|Corp|Bros|Univ|Dept|Inc|Ltd)\b)"
                           r"(?P<word>[A-ZÄÖÜ]?[a-zäöüß]{3,})[.!?]\s+(?=[A-ZÄÖÜ])")
# "Charles‘ Stelle": a possessive apostrophe ends the name
_POSSESSIVE_INSIDE = re.compile(r"(?P<word>\w*[sxzß])[’'‘](?=\s)")
_LOWER_WORD = re.compile(r"(?<![\w-])[a-zäöüß]+(?![\w-])")
# what comes before a word that opens a sentence (or a quotation)
SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[„“\"»«(]\s*)$")


def trim_model_spans(texts: list[str], cands: list[Cand], gaz: Gazetteer | None = None, lang: str = "",
                     nouns: frozenset[str] = frozenset()) -> list[Cand]:
    """Repair span errors of the model that no later rule undoes.

    A span across a sentence end ("Lembeck. Ohne") or a possessive ("Charles‘ Stelle") keeps its
    first part; a German sentence-initial word the article also writes in lower case goes ("Wird
    Charles"); a curated place followed by a common noun ("dass die Schweiz Massnahmen ergreift")
    keeps the place.  A span opening a sentence with an extra capitalised word ("Provisional Met
    Office") loses that word when the rest (two words or more, not a person) is named on its own
    elsewhere in the article and the word itself never is.
    """
    lower = {w for t in texts for w in _LOWER_WORD.findall(t)} if lang == "de" else set()
    out: list[Cand] = []
    for c in cands:
        if c.source == "model":
            m = _SENTENCE_END.search(c.text) or _POSSESSIVE_INSIDE.search(c.text)
            if m and m.end("word") < len(c.text):
                cut = m.end("word")
                c = Cand(c.part, c.start, c.start + cut, c.text[:cut], c.label, c.source)
            first, sep, rest = c.text.partition(" ")
            if sep and rest[:1].isupper() and first.casefold() in lower and first[1:].islower() \
                    and SENTENCE_START.search(texts[c.part][:c.start]):
                # "Wird Charles": a German sentence opened by a verb the article also writes in lower case
                c = Cand(c.part, c.start + len(first) + 1, c.end, rest, c.label, c.source)
            head, _, last = c.text.rpartition(" ")
            if head and nouns and gaz is not None and is_common_noun(last, nouns) and is_place(head, gaz, lang):
                c = Cand(c.part, c.start, c.start + len(head), head, "LOC", c.source)
        out.append(c)
    spans = {DETERMINER_OR_POSSESSIVE.sub("", c.text).casefold() for c in out}
    inside = " ".join(spans)
    fixed: list[Cand] = []
    for c in out:
        first, sep, rest = c.text.partition(" ")
        # a person's first word is a first name, and a one-word rest is too short to be sure of
        if c.source == "model" and c.label != "PER" and " " in rest and rest.casefold() in spans \
                and SENTENCE_START.search(texts[c.part][:c.start]) \
                and first.casefold() not in inside.replace(c.text.casefold(), ""):
            start = c.start + len(first) + 1
            c = Cand(c.part, start, c.end, rest, c.label, c.source)
        fixed.append(c)
    return fixed
