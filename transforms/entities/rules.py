"""Rules on top of the NER model: gazetteer, title/role patterns, name and surname propagation.
(Repairs of the model's spans and English qualified names: `entities.spans`.)

Every rule works on `Cand`s (a mention in one of the article's texts plus where it came from) and
is pure. The gazetteer (`entities_gazetteer`, re-exported here) is built once by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.entities.gazetteer import Entry, Gazetteer, build_gazetteer, parse_gazetteer_csv

__all__ = ["Cand", "Entry", "Gazetteer", "build_gazetteer", "parse_gazetteer_csv", "gazetteer_cands",
           "compound_model_spans", "title_cands", "propagate", "resolve_overlaps", "words", "occurrences",
           "given_name_cands", "is_place", "RANK", "DETERMINER_OR_POSSESSIVE"]

# Which rule produced a candidate; on overlapping spans the higher rank wins (then the longer span).
RANK = {"title": 4, "phrase": 3, "gazetteer": 3, "model": 2, "given": 2, "name": 1, "surname": 1}


@dataclass(frozen=True)
class Cand:
    """A mention in text number `part` of the article's NER inputs."""

    part: int
    start: int
    end: int
    text: str
    label: str
    source: str  # model, gazetteer, title, phrase, name, surname
    base: str | None = None  # dictionary form, when known (gazetteer, genitive stripped)
    group: str | None = None  # gazetteer group: forms that are one entity


# ------------------------------------------------------------------ tokens
_WORD = re.compile(r"\w+(?:[.’'&/-]\w+)*\.?")


def words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def gazetteer_cands(part: int, text: str, gaz: Gazetteer, lang: str,
                    compound_orgs: bool = True) -> list[Cand]:
    """Longest gazetteer matches (exact case, word-bounded); German genitive -s/-es is tried.

    A name that only starts a hyphenated compound ("US-Präsident", "Netflix-Doku") is not a
    mention, except an organisation acronym of 3+ letters when `compound_orgs` ("NATO-Mitglied").
    """
    toks = words(text)
    out: list[Cand] = []
    index = gaz.prefix_index(lang)
    i = 0
    while i < len(toks):
        hit = None
        s = toks[i][0]
        # the surfaces tried below are text[s:e] less at most 3 characters: one that is longer than
        # any name text[s:] starts with by more than that cannot match
        longest = index.longest_at(text, s) + 3
        for n in range(min(gaz.max_words, len(toks) - i), 0, -1) if longest > 3 else ():
            e = toks[i + n - 1][1]
            if e - s > longest:
                continue
            hit = _lookup(text[s:e], gaz, lang)
            if hit is None and text[e - 1] == ".":  # sentence-final period
                hit = _lookup(text[s:e - 1], gaz, lang)
                e -= 1
            if hit is not None:
                entry, surface = hit
                out.append(Cand(part, s, s + len(surface), surface, entry.label, "gazetteer",
                                entry.base, entry.group))
                i += n
                break
        if hit is None:
            # a name can only head a compound here if some name starts at s (longest > 3)
            if compound_orgs and longest > 3 and "-" in text[toks[i][0]:toks[i][1]]:
                s = toks[i][0]
                head = text[s:toks[i][1]].split("-", 1)[0]
                head_entry = gaz.lookup(head, lang)
                if head_entry is not None and head_entry.label == "ORG" and head.isupper() and len(head) > 2:
                    out.append(Cand(part, s, s + len(head), head, "ORG", "gazetteer",
                                    head_entry.base, head_entry.group))
            i += 1
    return out


def compound_model_spans(cands: list[Cand], gaz: Gazetteer, lang: str) -> list[Cand]:
    """German model spans that are compounds on a known name ("Bundeswehr-Veteranen",
    "Verdi-Sprecher") are not mentions: names only inside compounds are not listed."""
    if lang != "de":
        return cands
    out = []
    for c in cands:
        head, dash, tail = c.text.partition("-")
        if (c.source == "model" and dash and " " not in c.text and tail[:1].isalpha()
                and gaz.lookup(c.text, lang) is None and gaz.lookup(head, lang) is not None):
            continue
        out.append(c)
    return out


def _lookup(surface: str, gaz: Gazetteer, lang: str) -> tuple[Entry, str] | None:
    entry = gaz.lookup(surface, lang)
    if entry is not None:
        return entry, surface
    if lang == "de" and len(surface) > 4 and surface.endswith("s"):
        for cut in (1, 2):
            entry = gaz.lookup(surface[:-cut], lang)
            if entry is not None and entry.label != "PER" and not surface[:-cut].isupper():
                return entry, surface
    if lang == "en" and surface.endswith(("’s", "'s")):
        entry = gaz.lookup(surface[:-2], lang)
        if entry is not None:
            return entry, surface[:-2]
    return None


# ------------------------------------------------------------------ titles and roles
_DE_ROLE_STEMS = (
    "minister|präsident|kanzler|sekretär|sprecher|chef|direktor|bürgermeister|leiter|trainer"
    "|vorsitzende|vorsitzender|kommissar|botschafter|gouverneur|senator|abgeordnete|abgeordneter"
    "|staatsanwalt|richter|anwalt|bischof|kardinal|general|oberst|kapitän|stürmer|torhüter"
    "|spieler|sänger|schauspieler|regisseur|autor|professor|experte|intendant"
    "|manager|gründer|referee|rat|rätin|landrat|stadtrat|pfarrer|premierminister|vize|coach"
    "|könig|königin|prinz|prinzessin|papst|herzog|kaiser|frau|herr"
)
_DE_ROLE = re.compile(
    rf"(?<![\w-])(?:(?:[\w]+-)?(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:{_DE_ROLE_STEMS})(?:in|innen|s)?"
    rf"|(?:Dr|Prof)\.?)\s+",
    re.IGNORECASE,
)
_EN_ROLE = re.compile(
    r"(?<![\w-])(?:(?:U\.S\.|US|Former|former|Vice|Deputy|Acting|Chief)\s+)?"
    r"(?:(?:Major|Maj\.?|Lt\.?|Brig\.?)[\s-]+)?"
    r"(?:President|Secretary of State|Mr|Mrs|Ms|Dr|MEC|Gen|Sir|Dame|Secretary|Prime Minister"
    r"|Chancellor|Minister|Senator|Sen\."
    r"|Rep\.|Representative|Gov\.|Governor|Mayor|Judge|Justice|Pope|King|Queen|Prince|Princess"
    r"|CEO|Coach|coach|Dr\.|Mr\.|Mrs\.|Ms\.|Gen\.|Col\.|Lt\.|Sgt\.|Capt\.|Commissioner"
    r"|Chairman|Chairwoman|Ambassador|Attorney General|Surgeon General|Speaker|spokesperson|spokesman|spokeswoman"
    r")\s+"
)
_WORD_SPACE = re.compile(r"(\w+)\s+")
_NAME_WORD = re.compile(r"[A-ZÄÖÜÀ-ÝŁŚŻČŠŽ][\w’'.-]*")
_PARTICLES = {"von", "van", "de", "da", "di", "du", "la", "le", "bin", "al", "zu", "dos", "del"}
_AFTER_PARTICLE = {"der", "den", "la", "de"}  # von der Leyen, van den Berg, de la Cruz
_STOP = {
    "Dr", "Mr", "Mrs", "Ms", "Prof", "Herr", "Frau",
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Am", "Im", "In", "Auf",
    "Und", "Aber", "Es", "Er", "Sie", "Wir", "Ich", "Mit", "Von", "Zu", "Bei", "Nach", "Für",
    "The", "A", "An", "And", "But", "He", "She", "It", "On", "At", "Of", "For", "With",
    "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
    "Oktober", "November", "Dezember", "January", "February", "March", "June", "July",
    "October", "December",
}


def title_cands(part: int, text: str, lang: str, gaz: Gazetteer | None) -> list[Cand]:
    """PER names right after a role or title: "Außenminister Sergej Lawrow", "US-Präsident Biden",
    "Secretary of State Antony Blinken". Only the name is the mention."""
    pattern = _DE_ROLE if lang == "de" else _EN_ROLE
    out = []
    for m in (de_roles(text) if lang == "de" else pattern.finditer(text)):
        end = _name_end(text, m.end(), pattern, gaz, lang)
        if end is not None:
            start = m.end()
            out.append(Cand(part, start, end, text[start:end], "PER", "title"))
    return out


def _name_end(text: str, pos: int, pattern: re.Pattern[str], gaz: Gazetteer | None, lang: str,
              max_words: int = 3, nouns: frozenset[str] = frozenset()) -> int | None:
    """Where the name starting at `pos` ends: up to `max_words` capitalised words, particles
    ("von der", "van", "de la") between them; None when no name word starts there."""
    end = None
    n = 0
    particle = None
    while n < max_words:
        w = _NAME_WORD.match(text, pos)
        if w is None:
            p = _WORD_SPACE.match(text, pos)
            ok = p is not None and (p.group(1) in _PARTICLES and particle is None and n == 1
                                    or p.group(1) in _AFTER_PARTICLE and particle in _PARTICLES)
            if p is not None and ok:  # "Ursula von der Leyen", "Virgil van Dijk"
                particle = p.group(1)
                pos = p.end()
                continue
            break
        word = w.group(0).rstrip(".’'")
        if (word in _STOP or is_place(word, gaz, lang) or word.isupper() and len(word) > 1
                or pattern.fullmatch(word + " ") or word in nouns):
            break
        particle = None
        end = w.start() + len(word)
        n += 1
        if end >= len(text) or text[end] not in " \u00a0" or w.end() != end:
            break
        pos = end + 1
    return end


_WORD_START = re.compile(r"(?<![\w-])\w")
_SPACE = re.compile(r"\s")
_DE_ENDS = tuple(stem + suf for stem in _DE_ROLE_STEMS.split("|") for suf in ("", "in", "innen", "s"))
_DE_TITLES = frozenset({"dr", "dr.", "prof", "prof."})


def de_roles(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_DE_ROLE.finditer(text)`, trying the (slow, case-blind) pattern only at
    words whose run of non-space characters ends in a role stem: a match starts at a word and
    ends there, before its spaces.  Lower-casing an ASCII run compares exactly as re.I does."""
    last = 0
    for w in _WORD_START.finditer(text):
        p = w.start()
        if p < last:
            continue
        space = _SPACE.search(text, p)
        if space is None:
            continue  # no space follows
        run = text[p:space.start()]
        if run.isascii() and not (run.lower().endswith(_DE_ENDS) or run.lower() in _DE_TITLES):
            continue
        m = _DE_ROLE.match(text, p)
        if m is not None:
            yield m
            last = m.end()


# a given name opening a word run: "Granit Xhaka", "Alexis Mac Allister", "Hans-Peter Müller"
_GIVEN = re.compile(r"(?<![\w.’'-])[A-ZÄÖÜÀ-ÝŁŚŻČŠŽ][\w’'-]+"
                    r"(?=[ \u00a0](?:[A-ZÄÖÜÀ-ÝŁŚŻČŠŽ]|(?:von|van|de|da|di|del|dos|bin|al)\b))")
_MAC = re.compile(r"(?:Mac|Mc) (?=[A-Z])")


def given_name_cands(part: int, text: str, lang: str, given: frozenset[str], gaz: Gazetteer | None,
                     nouns: frozenset[str] = frozenset()) -> list[Cand]:
    """PER names opened by a known given name ("Granit Xhaka", "Lionel Messi"), which the German
    model often misses.  The surname must be a capitalised word that is no role, place, common
    noun or function word; one more name word may follow ("Frank Walter Steinmeier")."""
    if not given:
        return []
    pattern = _DE_ROLE if lang == "de" else _EN_ROLE
    out: list[Cand] = []
    for m in _GIVEN.finditer(text):
        first = m.group(0)
        if first not in given or out and m.start() < out[-1].end:
            continue
        pos = m.end() + 1
        mac = _MAC.match(text, pos)  # "Alexis Mac Allister": Mac is part of the surname
        end = _name_end(text, mac.end() if mac else pos, pattern, gaz, lang, max_words=1, nouns=nouns)
        if end is None:
            continue
        if text[pos:end] in given and end + 1 < len(text) and text[end] == " ":
            end = _name_end(text, end + 1, pattern, gaz, lang, max_words=1, nouns=nouns) or end
        out.append(Cand(part, m.start(), end, text[m.start():end], "PER", "given"))
    return out


def is_place(word: str, gaz: Gazetteer | None, lang: str) -> bool:
    if gaz is None:
        return False
    for w in (word, word[:-1] if word.endswith("s") else None):
        e = gaz.lookup(w, lang) if w else None
        if e is not None and e.label != "PER":
            return True
    return False


# ------------------------------------------------------------------ propagation
def propagate(texts: list[str], cands: list[Cand], lang: str, surnames: bool,
              names: bool) -> list[Cand]:
    """Unlabelled occurrences of names the article already has.

    `names`: a full name found once (any type) is a mention wherever it recurs.
    `surnames`: the last word of a multi-word PER ("Blinken" of "Antony Blinken"), also with a
    genitive/possessive ending, is that PER wherever it stands alone; a candidate with exactly that
    text but another label from the model is relabelled PER.
    """
    out = list(cands)
    known: dict[str, tuple[str, str | None]] = {}
    if names:
        for c in cands:
            if len(c.text) > 2 and c.label != "MISC":
                known.setdefault(c.text, (c.label, c.base))
    if surnames:
        for c in cands:
            toks = (c.base or c.text).split()
            if c.label == "PER" and len(toks) >= 2 and len(toks[-1]) > 2 and toks[-1][0].isupper():
                known[toks[-1]] = ("PER", toks[-1])
        surname_set = {k for k, v in known.items() if v[0] == "PER" and " " not in k}
        out = [_relabel(c, surname_set) for c in out]
    endings = ("s", "’s", "'s", "‘s") if lang == "de" else ("’s", "'s", "‘s")
    taken: dict[int, list[tuple[int, int]]] = {}
    for c in out:
        taken.setdefault(c.part, []).append((c.start, c.end))
    for name, (label, base) in known.items():
        for part, text in enumerate(texts):
            spans = taken.setdefault(part, [])
            for start, end in occurrences(name, text, endings):
                if any(s < end and start < e for s, e in spans):
                    continue
                src = "surname" if " " not in name and label == "PER" else "name"
                out.append(Cand(part, start, start + len(name), name, label, src, base))
                spans.append((start, start + len(name)))
    return out


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def occurrences(name: str, text: str, endings: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `name` standing alone in `text`, each with the first of `endings` that follows it
    when the word ends there: the matches of
    `(?<![\\w-])NAME(?:ending1|ending2|...)?(?![\\w-])`, without compiling a regex per name."""
    if not name:
        rx = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, endings))})?(?![\w-])")
        return [(m.start(), m.end()) for m in rx.finditer(text)]
    out: list[tuple[int, int]] = []
    n, size = len(name), len(text)
    pos = text.find(name)
    while pos >= 0:
        after, end = pos + n, -1
        if pos == 0 or not _word_char(text[pos - 1]):
            for ending in (*endings, ""):
                stop = after + len(ending)
                if text.startswith(ending, after) and (stop >= size or not _word_char(text[stop])):
                    end = stop
                    break
        if end >= 0:
            out.append((pos, end))
            pos = text.find(name, end)
        else:
            pos = text.find(name, pos + 1)
    return out


_GENITIVE_END = re.compile(r"(?:[’'‘]s|s)$")


def _relabel(c: Cand, surnames: set[str]) -> Cand:
    core = _GENITIVE_END.sub("", c.text)
    if c.label != "PER" and c.source in ("model", "name") and (c.text in surnames or
                                                               core in surnames):
        return Cand(c.part, c.start, c.end, c.text, "PER", "surname", c.base, c.group)
    return c


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """One candidate per character span: higher-ranked source first, then the longer span."""
    order = sorted(cands, key=lambda c: (-RANK[c.source], -(c.end - c.start), c.part, c.start))
    kept: list[Cand] = []
    by_part: dict[int, list[Cand]] = {}  # kept, per text
    for c in order:
        same = by_part.setdefault(c.part, [])
        if not any(k.start < c.end and c.start < k.end for k in same):
            kept.append(c)
            same.append(c)
        elif c.source == "model":
            # a model span that strictly contains a kept gazetteer span keeps its (longer) name:
            # "Kansas City Chiefs" over "Kansas City", "Russia's Defense Ministry" over "Russia"
            inner = [k for k in same if k.start < c.end and c.start < k.end]
            core = DETERMINER_OR_POSSESSIVE.sub("", c.text)
            names_only = all(w[0].isupper() or w in _NAME_JOINERS for w in core.split())
            if names_only and all(k.source == "gazetteer" and c.start <= k.start and k.end <= c.end
                   and len(k.text) < len(core) and " " in core for k in inner):
                kept = [k for k in kept if k not in inner] + [c]
                by_part[c.part] = [k for k in same if k not in inner] + [c]
    return sorted(kept, key=lambda c: (c.part, c.start))


DETERMINER_OR_POSSESSIVE = re.compile(r"^(?:the|The|der|die|das|den|dem|des)\s+|[’'‘]s$")
_NAME_JOINERS = _PARTICLES | {"of", "for", "and", "für", "und"}
