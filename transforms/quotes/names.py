"""Names for quote attribution: tokens, heuristic name mentions, and within-article resolution.

When NER mentions are given they are used as they are; otherwise capitalised token runs stand in
for them, with role words ("Außenminister", "Secretary of State") stripped off the front.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.quotes.lexicon import DETERMINERS, GENERIC_ORG_HEADS, NOT_NAMES, has_org_part, is_role
from transforms.quotes.nouns import QUANTIFIERS_DE, SENTENCE_WORDS_DE, is_common_de
from transforms.quotes.tokens import TOKEN as TOKEN  # re-exported
from transforms.quotes.tokens import Tok, tokens
from transforms.records import Mention

# Name particles that may sit inside a name in lower case.
PARTICLES = frozenset({"von", "van", "de", "da", "di", "du", "del", "della", "le", "la", "bin", "al", "ter", "zu"})


def is_org_name(name: str) -> bool:
    return has_org_part(name) or (len(name) >= 2 and name.replace("-", "").isupper())


_APOSTROPHE = re.compile(r"[’']")


def _name_shaped(tok: Tok) -> bool:
    t = tok.text
    if not t[:1].isupper() or t.endswith("-") or t.isdigit():
        return False
    return t.lower() not in NOT_NAMES and _APOSTROPHE.split(t)[0].lower() not in NOT_NAMES


_PLACE_PREPS = frozenset({"in", "at", "from", "near", "across", "aus", "nach", "im", "bei", "nahe"})
STRONG, WEAK = 1.0, 0.3  # Mention.score of heuristic mentions: a full name vs. a lone capitalised word


# German prepositions fused with an article ("am Vormittag", "zum Sieg"): a noun follows, not a name.
_FUSED_DE = frozenset({"am", "im", "zum", "zur", "vom", "beim", "ins", "ans", "aufs", "übers", "fürs"})


def noun_evidence(paragraphs: list[str], language: str,
                  para_tokens: list[list[Tok]] | None = None) -> frozenset[str]:
    """German words the article itself uses as common nouns: capitalised words after an article
    (possibly with adjectives in between) or a fused preposition ("die Anfrage", "am Vormittag").
    `para_tokens`: each paragraph's `tokens(text)`, when the caller has them already."""
    if language != "de":
        return frozenset()
    out: set[str] = set()
    for n, text in enumerate(paragraphs):
        toks = para_tokens[n] if para_tokens is not None else tokens(text)
        for k, t in enumerate(toks):
            if not t.cap or k == 0 or is_role(t.text) or has_org_part(t.text):
                continue
            j = k - 1
            while j >= 0 and k - j <= 3 and _adjective(toks[j]):
                j -= 1
            if j >= 0 and (toks[j].low in DETERMINERS and toks[j].low not in ("sein", "seine", "ihr", "ihre")
                           or toks[j].low in _FUSED_DE) and text[toks[j].end:t.start].count(",") == 0:
                out.add(t.low)
    return frozenset(out)


def _common(word: str, language: str, nouns: frozenset[str]) -> bool:
    return language == "de" and (is_common_de(word) or word.lower() in nouns)


def heuristic_mentions(text: str, masks: list[tuple[int, int]], language: str,
                       nouns: frozenset[str] = frozenset(), toks: list[Tok] | None = None) -> list[Mention]:
    """Capitalised runs outside quotations that look like names of people or organisations.

    Role words in front are left out ("Verdi-Sprecher Tjark Sauer" -> "Tjark Sauer").  A run of
    two or more name-shaped words, a run right after a role word, or one with an acronym or an
    organisation noun is a strong mention (score 1.0); a lone capitalised word is weak (0.3) and
    only counts where an attribution slot asks for a name or it matches a strong name's last word.
    German capitalises every noun, so a run after an article is a noun phrase, not a name.
    `toks`: `tokens(text)`, when the caller has them already.
    """
    toks = [t for t in (tokens(text) if toks is None else toks) if not any(s <= t.start < e for s, e in masks)]
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        if not _name_shaped(toks[i]) or is_role(toks[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and _adjacent(text, toks[j - 1], toks[j]) and (
                _name_shaped(toks[j]) and not is_role(toks[j].text)
                or toks[j].low in PARTICLES and j + 1 < len(toks) and toks[j + 1].cap):
            j += 1
        run = toks[i:j]
        prev = toks[i - 1] if i > 0 and _adjacent(text, toks[i - 1], toks[i]) else None
        i = j
        after_role = prev is not None and is_role(prev.text)
        if prev is not None and prev.low == "of" and i - len(run) >= 2 and is_role(toks[i - len(run) - 2].text) \
                and len(run) >= 2:
            run, after_role = run[1:], True  # "Secretary of State Antony Blinken"
        after_det = prev is not None and (prev.low in DETERMINERS or language == "de" and prev.low in _FUSED_DE) \
            or language == "de" and _after_det_adj(text, toks, i - len(run))
        if after_det and prev is not None and text[:prev.start].rstrip().endswith(",") \
                and _LOWER_NEXT.match(text, run[-1].end):
            after_det = False  # ", den Granit Xhaka zusammenfasste": a relative pronoun, not an article
        # German nouns in front of a name: long compounds ("Teamkollege") and generic
        # organisation nouns ("Gewerkschaft Komba")
        org_head = False
        while len(run) > 1 and (language == "de" and len(run[0].text) >= 11 or run[0].low in GENERIC_ORG_HEADS):
            if run[0].low in GENERIC_ORG_HEADS or not has_org_part(run[0].text):
                after_role, after_det = True, False
                run = run[1:]
            else:  # "Volksschule Tristach", "Bildungsdirektion Tirol": an institution's name
                org_head = True
                break
        # "Zwei Jahre", "Millionen Veteranen": a number word or quantifier opens a noun phrase
        while run and language == "de" and run[0].low in QUANTIFIERS_DE:
            run, after_det = run[1:], True
        if not run:
            continue
        name = text[run[0].start:run[-1].end]
        org = org_head or is_org_name(name) or (prev is not None and prev.low in GENERIC_ORG_HEADS)
        # German: a run that ends in a common noun ("Osttiroler Eltern", "Anfrage") is no name
        if not org and (_common(run[-1].text, language, nouns) or run[0].low in SENTENCE_WORDS_DE and len(run) == 1):
            continue
        if language == "de" and after_det and not org:
            continue
        if len(run) == 1 and _sentence_start(text, run[0].start) and not after_role \
                and run[0].text.lower() in NOT_NAMES:
            continue
        strong = len(run) >= 2 or after_role or org and any(t.text.isupper() for t in run)
        if len(run) == 1 and not after_role and not _looks_like_surname(run[0].text, language):
            continue
        # "in Las Vegas", "aus Berlin": a place, not a speaker
        label = "LOC" if prev is not None and prev.low in _PLACE_PREPS and not org else "ORG" if org else "PER"
        out.append(Mention(run[0].start, run[-1].end, name, label, STRONG if strong else WEAK))
    return out


_LOWER_NEXT = re.compile(r"\s+[a-zäöüß]")
_DET_OR_FUSED = DETERMINERS | _FUSED_DE


def _after_det_adj(text: str, toks: list[Tok], i: int) -> bool:
    """German: an article and lower-case adjectives right before toks[i] ("dem israelischen Sender")."""
    j = i - 1
    while j >= 0 and i - j <= 3 and _adjective(toks[j]) and _adjacent(text, toks[j], toks[j + 1]):
        j -= 1
    return j >= 0 and j < i - 1 and toks[j].low in _DET_OR_FUSED and _adjacent(text, toks[j], toks[j + 1])


def _adjective(t: Tok) -> bool:
    """A lower-case inflected German adjective or participle ("israelischen", "angekündigte")."""
    return not t.cap and t.low not in DETERMINERS and t.low not in _FUSED_DE and len(t.text) > 3 \
        and t.low.endswith(("e", "en", "er", "es", "em"))


def _adjacent(text: str, a: Tok, b: Tok) -> bool:
    gap = text[a.end:b.start]
    return gap in (" ", "\u00a0") or (gap == "’s " or gap == "'s ")


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" „“\"»«‚‘'")
    return not before or before[-1] in ".!?:"


_HYPHEN_CAP = re.compile(r"-[A-ZÄÖÜ]")


def _looks_like_surname(word: str, language: str = "de") -> bool:
    # Without NER a lone capitalised word is a weak signal; hyphenated names and words that are
    # not German compounds (short) are the usual surnames in attribution slots.
    short = len(word) <= 12 or language != "de" or _HYPHEN_CAP.search(word) is not None
    return short and not word.lower().endswith(("ung", "heit", "keit", "schaft", "tion", "ität"))


def name_part(words: list[str]) -> list[str]:
    """The name at the end of a noun phrase: the words after the last role word or determiner."""
    cut = 0
    for k, w in enumerate(words):
        if is_role(w) or w.lower() in DETERMINERS or w.endswith("-") \
                or not w[:1].isupper() and w.lower() not in PARTICLES:
            cut = k + 1
    rest = words[cut:]
    while rest and rest[0].lower() in NOT_NAMES:
        rest = rest[1:]
    return rest


_POSSESSIVE_END = re.compile(r"[’'‘]s?$")


def strip_possessive(name: str) -> str:
    return _POSSESSIVE_END.sub("", name.strip())


@lru_cache(maxsize=1 << 14)
def name_words(name: str) -> tuple[str, ...]:
    """`words_of` as a tuple (cached: names recur across an article's mentions)."""
    return tuple(w.lower() for w in strip_possessive(name).split())


def words_of(name: str) -> list[str]:
    return list(name_words(name))


def surname_matches(surface: str, full: str) -> bool:
    """The surface form's words are the last words of the full name ("Lawrow" / "Sergej Lawrow")."""
    sw, fw = name_words(surface), name_words(full)
    return bool(sw) and len(fw) >= len(sw) and fw[len(fw) - len(sw):] == sw


def name_suffixes(name: str) -> list[tuple[str, ...]]:
    """Every non-empty tail of the name's words: `surname_matches(s, name)` holds exactly when
    `name_words(s)` is one of them."""
    fw = name_words(name)
    return [fw[k:] for k in range(len(fw))]
