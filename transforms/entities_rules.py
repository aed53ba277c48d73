"""Rules on top of the NER model: gazetteer, title/role patterns, name and surname propagation.

Every rule works on `Cand`s (a mention in one of the article's texts plus where it came from) and
is pure. The gazetteer is built once by the caller (`build_gazetteer`, which reads babel's CLDR
country names: a library lookup) from rows it read from `seeds/gazetteer_names.csv`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Which rule produced a candidate; on overlapping spans the higher rank wins (then the longer span).
RANK = {"title": 4, "gazetteer": 3, "model": 2, "name": 1, "surname": 1}


@dataclass(frozen=True)
class Cand:
    """A mention in text number `part` of the article's NER inputs."""

    part: int
    start: int
    end: int
    text: str
    label: str
    source: str  # model, gazetteer, title, name, surname
    base: str | None = None  # dictionary form, when known (gazetteer, genitive stripped)
    group: str | None = None  # gazetteer group: forms that are one entity


@dataclass(frozen=True)
class Entry:
    label: str
    group: str
    base: str


@dataclass(frozen=True)
class Gazetteer:
    """Curated names per language ("*" = every language): surface form -> Entry."""

    names: dict[str, dict[str, Entry]] = field(default_factory=dict)
    max_words: int = 1

    def lookup(self, surface: str, lang: str) -> Entry | None:
        return self.names.get(lang, {}).get(surface) or self.names.get("*", {}).get(surface)


# Territory codes that are not countries, or that are organisations in our scheme.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AQ"}
_REGIONS = {"002", "009", "019", "142", "150", "005", "003", "419", "029"}  # continents etc.


def parse_gazetteer_csv(text: str) -> list[dict[str, str]]:
    """Rows of a gazetteer CSV (`name,type,lang,group,base`; lines starting with # ignored)."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return [dict(r) for r in csv.DictReader(io.StringIO("\n".join(lines)))]


def build_gazetteer(rows: Iterable[dict[str, str]] = (), languages: Iterable[str] = ("de", "en"),
                    countries: bool = True) -> Gazetteer:
    """The gazetteer: curated rows plus (if `countries`) CLDR country names from babel.

    Call once per run and pass the result to `article_entities`.
    """
    names: dict[str, dict[str, Entry]] = {}
    if countries:
        from babel import Locale

        for lang in languages:
            terr = Locale.parse(lang).territories
            for code, name in terr.items():
                ok = (code.isalpha() and code not in _NOT_COUNTRIES) or code in _REGIONS
                if ok and " - " not in name and "SAR" not in name and "Sonderverwaltung" not in name:
                    names.setdefault(lang, {})[name] = Entry("LOC", f"cldr:{code}", name)
    for r in rows:
        name, lang = r["name"].strip(), (r.get("lang") or "*").strip()
        base = (r.get("base") or "").strip() or name
        group = (r.get("group") or "").strip() or name.casefold()
        names.setdefault(lang, {})[name] = Entry(r["type"].strip(), group, base)
    max_words = max((len(n.split()) for d in names.values() for n in d), default=1)
    return Gazetteer(names, max_words)


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
    i = 0
    while i < len(toks):
        hit = None
        for n in range(min(gaz.max_words, len(toks) - i), 0, -1):
            s, e = toks[i][0], toks[i + n - 1][1]
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
        else:
            if compound_orgs and "-" in text[toks[i][0]:toks[i][1]]:
                s = toks[i][0]
                head = text[s:toks[i][1]].split("-", 1)[0]
                entry = gaz.lookup(head, lang)
                if entry is not None and entry.label == "ORG" and head.isupper() and len(head) > 2:
                    out.append(Cand(part, s, s + len(head), head, "ORG", "gazetteer",
                                    entry.base, entry.group))
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
    for m in pattern.finditer(text):
        pos = m.end()
        end = None
        n = 0
        particle = None
        while n < 3:
            w = _NAME_WORD.match(text, pos)
            if w is None:
                p = re.match(r"(\w+)\s+", text[pos:])
                ok = p and (p.group(1) in _PARTICLES and particle is None and n == 1
                            or p.group(1) in _AFTER_PARTICLE and particle in _PARTICLES)
                if ok:  # "Ursula von der Leyen", "Virgil van Dijk"
                    particle = p.group(1)
                    pos += p.end()
                    continue
                break
            word = w.group(0).rstrip(".’'")
            if (word in _STOP or _is_place(word, gaz, lang) or word.isupper() and len(word) > 1
                    or pattern.fullmatch(word + " ")):
                break
            particle = None
            end = w.start() + len(word)
            n += 1
            sp = re.match(r"[ \u00a0]", text[end:end + 1]) if end < len(text) else None
            if sp is None or w.end() != end:
                break
            pos = end + 1
        if end is not None:
            start = m.end()
            out.append(Cand(part, start, end, text[start:end], "PER", "title"))
    return out


def _is_place(word: str, gaz: Gazetteer | None, lang: str) -> bool:
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
    suffix = r"(?:s|[’'‘]s)?" if lang == "de" else r"(?:[’'‘]s)?"
    for name, (label, base) in known.items():
        rx = re.compile(rf"(?<![\w-]){re.escape(name)}{suffix}(?![\w-])")
        for part, text in enumerate(texts):
            for m in rx.finditer(text):
                if any(c.part == part and c.start < m.end() and m.start() < c.end for c in out):
                    continue
                src = "surname" if " " not in name and label == "PER" else "name"
                out.append(Cand(part, m.start(), m.start() + len(name), name, label, src, base))
    return out


def _relabel(c: Cand, surnames: set[str]) -> Cand:
    core = re.sub(r"(?:[’'‘]s|s)$", "", c.text)
    if c.label != "PER" and c.source in ("model", "name") and (c.text in surnames or
                                                               core in surnames):
        return Cand(c.part, c.start, c.end, c.text, "PER", "surname", c.base, c.group)
    return c


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


def resolve_overlaps(cands: list[Cand]) -> list[Cand]:
    """One candidate per character span: higher-ranked source first, then the longer span."""
    order = sorted(cands, key=lambda c: (-RANK[c.source], -(c.end - c.start), c.part, c.start))
    kept: list[Cand] = []
    for c in order:
        if not any(k.part == c.part and k.start < c.end and c.start < k.end for k in kept):
            kept.append(c)
        elif c.source == "model":
            # a model span that strictly contains a kept gazetteer span keeps its (longer) name:
            # "Kansas City Chiefs" over "Kansas City", "Russia's Defense Ministry" over "Russia"
            inner = [k for k in kept if k.part == c.part and k.start < c.end and c.start < k.end]
            core = re.sub(r"^(?:the|The|der|die|das|den|dem|des)\s+|[’'‘]s$", "", c.text)
            names_only = all(w[0].isupper() or w in _PARTICLES | {"of", "for", "and", "für", "und"}
                             for w in core.split())
            if names_only and all(k.source == "gazetteer" and c.start <= k.start and k.end <= c.end
                   and len(k.text) < len(core) and " " in core for k in inner):
                kept = [k for k in kept if k not in inner] + [c]
    return sorted(kept, key=lambda c: (c.part, c.start))
