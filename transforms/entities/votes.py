"""Document-level evidence for an entity's type and identity, beyond what the model labels.

Context cues ("in Durban", "from Goodwood", "the city of Bila Tserkva" -> a place; "Loot said" ->
not a place), coordination ("Cape Town, Johannesburg and Durban": list members share a type) and
acronym definitions ("Gauteng Provincial Disaster Management Centre (PDMC)": one entity, the
acronym an alias). Pure functions on `Cand`s and the article's texts.
"""

from __future__ import annotations

import re

from transforms.entities.rules import Cand

__all__ = ["context_vote", "coordination_pairs", "acronym_links", "is_acronym_of"]

# "in X" / "from X" / "aus X" / "nach X": a place, whatever the model's label
_IN_PLACE = re.compile(r"(?:^|\s)(?:in|In|near|outside|across|from|nahe|bei|aus|Aus|nach)\s+$")
# "the city of X", "the town of X", "der Stadt X", "der Gemeinde X"
_PLACE_OF = re.compile(r"(?:^|\s)(?:city|town|village|province|capital|port) of\s+$"
                       r"|(?:^|\s)(?:Stadt|Gemeinde|Ortschaft|Dorf|Hauptstadt|Provinz)\s+$")
_FROM = re.compile(r"(?:from|aus|Aus|nach)\s+$")  # "a call from Emmanuel Macron": not for full names
_POSSESSIVE_AFTER = re.compile(r"[’'‘`]s?\b")
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|sagte|sagt|erklärte)\b")
_PLACE_KIND = re.compile(r"\b(?:region|district|province|oblast|county|municipality|city|Region|Kreis)$")
_SPEAKS_BEFORE = re.compile(r"(?:^|\s)(?:sagte|sagt|erklärte|betonte|meinte)\s+$")
_LIST_SEP = re.compile(r"\s*(?:,|,?\s+(?:and|und|or|oder|&|sowie))\s+|\s*,\s*")
IN_PLACE_WEIGHT = 1.5
SPEAKER_WEIGHT = 1.5


def context_vote(c: Cand, text: str) -> tuple[str, float] | None:
    """The type a model mention's surroundings vote for, with its weight, or None.

    Place cues ("in X", "from X", "aus/nach X", "the city of X") outvote one model ORG/PER label;
    a speaker cue ("X said", "sagte X") outvotes one model LOC label (ORG for an acronym, else PER).
    """
    if c.source != "model":
        return None
    before = text[:c.start]
    if c.label in ("ORG", "PER") and (_IN_PLACE.search(before) or _PLACE_OF.search(before)) \
            and not _POSSESSIVE_AFTER.match(text, c.end) \
            and (c.label == "ORG" or " " not in c.text or not _FROM.search(before)):
        return "LOC", IN_PLACE_WEIGHT
    if c.label == "LOC" and not _PLACE_KIND.search(c.text) \
            and (_SPEAKS_AFTER.match(text, c.end) or _SPEAKS_BEFORE.search(before)):
        return ("ORG" if c.text.isupper() else "PER"), SPEAKER_WEIGHT
    return None


def coordination_pairs(cands: list[Cand], texts: list[str]) -> list[tuple[Cand, Cand]]:
    """Pairs of mentions that are neighbours in one list ("Cape Town, Johannesburg and Durban"):
    only a comma or a conjunction between them, and a conjunction somewhere in the list (a lone
    comma is an apposition: "der SVP Schweiz, Marco Chiesa"); no possessive ("France’s")."""
    by_part: dict[int, list[Cand]] = {}
    for c in cands:
        by_part.setdefault(c.part, []).append(c)
    out = []
    for part, row in by_part.items():
        row.sort(key=lambda c: c.start)
        text = texts[part]
        chain: list[tuple[Cand, Cand]] = []
        joined = False
        for a, b in zip(row, row[1:], strict=False):
            sep = _LIST_SEP.fullmatch(text, a.end, b.start) if a.end <= b.start else None
            if sep and not any(_POSSESSIVE_AFTER.match(text, c.end) for c in (a, b)):
                chain.append((a, b))
                joined = joined or "," not in sep.group(0).strip() or bool(_CONJ.search(sep.group(0)))
                continue
            if joined:
                out += chain
            chain, joined = [], False
        if joined:
            out += chain
    return out


_CONJ = re.compile(r"\b(?:and|und|or|oder|sowie)\b|&")
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*[A-ZÄÖÜ][A-Za-zÄÖÜäöü-]*")
_LEADING_DET = re.compile(r"^(?:the|The|der|die|das|den|dem|des)\s+")
_PAREN_AFTER = re.compile(r"[’'‘]?\s*\(\s*([^()]{2,80}?)\s*\)")


def is_acronym_of(acr: str, full: str) -> bool:
    """"PDMC" of "(Gauteng) Provincial Disaster Management Centre", "EZB" of "Europäische
    Zentralbank": the acronym's letters, in order, in the full name (leading words may be left out:
    a place prefix), the first one starting a word, at least two of them starting words or being
    capitals, and the full name more than one word."""
    letters = [ch for ch in acr if ch.isalpha()]
    full = _LEADING_DET.sub("", full)
    if len(letters) < 2 or " " not in full.strip():
        return False
    starts = [m.start() for m in re.finditer(r"(?<!\w)\w", full)]
    return any(_spells(letters, full[s:]) for s in starts[:3] if len(full[s:].split()) >= 2)


def _spells(letters: list[str], full: str) -> bool:
    if full[0].casefold() != letters[0].casefold():
        return False
    low = full.casefold()
    pos, heads = 0, 0
    for ch in letters:
        pos = low.find(ch.casefold(), pos)
        if pos < 0:
            return False
        if full[pos].isupper() or pos == 0 or not full[pos - 1].isalnum():
            heads += 1
        pos += 1
    return heads >= 2


def acronym_links(cands: list[Cand], texts: list[str]) -> list[tuple[Cand, str]]:
    """Acronym definitions: (the full name's mention, the acronym) for "Full Name (ACR)", and for
    "ACR (Full Name)" where the full name inside the brackets is itself a mention."""
    by_pos = {(c.part, c.start): c for c in cands}
    out = []
    for c in cands:
        if c.label not in ("ORG", "LOC", "MISC"):
            continue
        text = texts[c.part]
        m = _PAREN_AFTER.match(text, c.end)
        if m is None:
            continue
        inner = m.group(1)
        if _ACRONYM.fullmatch(inner) and is_acronym_of(inner, c.text):
            out.append((c, inner))  # Full Name (ACR)
        elif _ACRONYM.fullmatch(c.text):
            full = by_pos.get((c.part, m.start(1)))
            if full is not None and full.end == m.end(1) and is_acronym_of(c.text, full.text):
                out.append((full, c.text))  # ACR (Full Name)
    return out
