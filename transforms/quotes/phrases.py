"""Phrase-level helpers for quote attribution: speaker candidates, role phrases, name cleanup.

Pure functions over a paragraph's text and tokens, used by `quotes_context.Context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.quotes.lexicon import DETERMINERS, SPOKES, has_org_part, is_role
from transforms.quotes.names import STRONG, name_part, strip_possessive
from transforms.quotes.tokens import Tok
from transforms.records import Mention

_FEMININE_ROLE = re.compile(r"(?:in|innen)$|woman|mother|mutter|tochter|daughter|wife|\bmom\b|\bmum\b|frau\b", re.I)
_MASCULINE_ROLE = re.compile(r"\bman\b|\bmann\b|father|vater|husband|\bson\b|\bsohn\b|\bdad\b", re.I)
_PERSON_NOUN = re.compile(r"(?:mann|frau|man|woman)$", re.I)
_COMPOUND_TAIL = re.compile(r"-(\w+)")
_OWNS = re.compile(r"[’'‘]s?\s+\w+")
_OWN_END = re.compile(r"\w[’'‘]s?$")
_OWNS_SPOKES = re.compile(r"[’'‘]s?\s+\w+\s+(?:spokes|representative)")


@dataclass(frozen=True)
class Cand:
    """A possible speaker: a name mention, a pronoun or a role phrase ("der Trainer")."""

    para: int
    start: int
    end: int
    text: str
    kind: str            # PER, ORG, PRON, ROLE
    strong: bool = True  # a full or confirmed name (weak: a lone capitalised word)


def merge_mentions(given: list[Mention], heur: list[Mention]) -> list[Mention]:
    """Given PER/ORG mentions (strong), plus capitalised runs where the model found nothing.  A
    run that extends a given name ("Norbert Salcher" over "Salcher", "Städtetag NRW" over the
    place "NRW") replaces it; any other overlap with a given span (a place, MISC) drops the run."""
    out: list[Mention] = []
    longer = {id(g): h for g in given for h in heur
              if h.start <= g.start and g.end <= h.end and h.end - h.start > g.end - g.start
              and (g.label == "PER" and h.label == "PER" or h.label == "ORG" and g.label in ("LOC", "ORG"))}
    for g in given:
        h = longer.get(id(g))
        if h is not None:
            out.append(Mention(h.start, h.end, h.text, h.label, STRONG))
        elif g.label in ("PER", "ORG"):
            out.append(Mention(g.start, g.end, g.text, g.label, STRONG))
    spans = [(m.start, m.end) for m in given] + [(m.start, m.end) for m in out]
    out += [h for h in heur if not any(s < h.end and h.start < e for s, e in spans)]
    return out


def clean_name(name: str) -> str:
    """A mention as a name: possessive, articles, honorifics and role words off ("Ms Narker")."""
    return " ".join(name_part(strip_possessive(name).split())) or strip_possessive(name)


def role_gender(text: str) -> str | None:
    if _MASCULINE_ROLE.search(text):
        return "m"
    head = text.split()[-1] if text.split() else ""
    if _FEMININE_ROLE.search(text) and (not head.endswith("in") or is_role(head)):
        return "f"
    return None


def plural_next(toks: list[Tok], k: int) -> bool:
    # German "sie" with a plural verb (sie sagten, sie haben) is "they", not "she"
    nxt = toks[k + 1].low if k + 1 < len(toks) else ""
    return nxt.endswith("en") and nxt not in ("erklären",)


def role_phrase(text: str, toks: list[Tok], k: int) -> tuple[int, int] | None:
    """"der russische Außenminister", "the department", "der junge Mann": determiner, lower-case
    adjectives, then a role or organisation noun, with no name after it."""
    j = k + 1
    while j < len(toks) and j - k <= 4 and not toks[j].cap and toks[j].text[:1].isalpha() \
            and not is_role(toks[j].text) and not has_org_part(toks[j].text):
        if toks[j].low in DETERMINERS:
            return None
        j += 1
    if j >= len(toks) or text[toks[j - 1].end:toks[j].start] not in (" ", "\u00a0"):
        return None
    if toks[j].cap and j + 1 < len(toks) and not toks[j + 1].cap and is_role(toks[j + 1].text) \
            and text[toks[j].end:toks[j + 1].start] == " ":
        j += 1  # "a Google spokesperson": a name in front of the role noun
    head = toks[j]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is not None and nxt.cap and text[head.end:nxt.start] == " " and not is_role(nxt.text):
        return None  # a name follows: "der Minister Boris Pistorius" is a name, not a role
    if is_role(head.text) or has_org_part(head.text) \
            or _PERSON_NOUN.search(head.text):
        return toks[k].start, head.end
    return None


def role_compound(text: str, c: Cand) -> bool:
    m = _COMPOUND_TAIL.match(text[c.end:c.end + 30])
    return m is not None and is_role(m.group(1)) and not SPOKES.search(m.group(1))


def in_parens(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("(") > before.count(")")


def possessor(text: str, c: Cand) -> bool:
    """"Travis Kelce's mom": the named person owns the phrase, they are not the speaker."""
    tail = text[c.end:c.end + 20]
    if _OWN_END.search(c.text) and c.kind in ("PER", "ORG"):
        # the model's span took the possessive in: "Travis Kelce‘s mom"
        tail = text[c.end - 2 if c.text.endswith("s") else c.end - 1:c.end + 20]
    return bool(_OWNS.match(tail)) and c.kind in ("PER", "ORG") and not _OWNS_SPOKES.match(tail)
