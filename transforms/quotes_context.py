"""Per-article context for attribution: sentences, speaker candidates, names, back-reference.

Built once per article from the paragraphs, the quotation spans and the (given or heuristic)
name mentions, then queried by the attribution rules in `quotes_speakers`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes_lexicon import (
    DETERMINERS,
    ORG_PART,
    PREPOSITIONS,
    PRONOUNS,
    PRONOUNS_MALE,
    SPOKES,
    is_role,
)
from transforms.quotes_marks import Span
from transforms.quotes_names import (
    PARTICLES,
    STRONG,
    Tok,
    heuristic_mentions,
    is_org_name,
    name_part,
    noun_evidence,
    strip_possessive,
    surname_matches,
    tokens,
    words_of,
)
from transforms.quotes_nouns import is_common_de
from transforms.records import Mention

ResolveFn = Callable[[str], tuple[str, str | None, str | None]]

_BOUNDARY = re.compile(r"[.!?…][“”\"»«‘’']?\s+(?=[„“\"»«‚‘'(]?[A-ZÄÖÜ0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b\d{1,2}|\b[A-Z])\.$")
_FEMININE_ROLE = re.compile(r"(?:in|innen)$|woman|mother|mutter|tochter|daughter|wife|\bmom\b|\bmum\b|frau\b", re.I)
_MASCULINE_ROLE = re.compile(r"\bman\b|\bmann\b|father|vater|husband|\bson\b|\bsohn\b|\bdad\b", re.I)


@dataclass(frozen=True)
class Cand:
    """A possible speaker: a name mention, a pronoun or a role phrase ("der Trainer")."""

    para: int
    start: int
    end: int
    text: str
    kind: str            # PER, ORG, PRON, ROLE
    strong: bool = True  # a full or confirmed name (weak: a lone capitalised word)


@dataclass(frozen=True)
class Speaker:
    name: str | None
    type: str | None
    key: str | None


class Context:
    def __init__(self, paragraphs: list[str], language: str, spans: list[Span],
                 mentions: list[list[Mention]] | None, resolve: ResolveFn | None):
        self.paras = paragraphs
        self.lang = language
        self.masks: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
        for sp in spans:
            for pc in sp.pieces:
                self.masks[pc.para].append((max(0, pc.start - 1), pc.end + 1))
        self.given_mentions = mentions is not None
        self.callback = resolve
        self.mentions: list[list[Mention]] = []
        self.nouns = noun_evidence(paragraphs, language)
        for i, text in enumerate(paragraphs):
            ms = heuristic_mentions(text, self.masks[i], language, self.nouns)
            if mentions is not None:
                # given mentions first; capitalised runs stand in where the model found nothing,
                # and a span it labelled a place or MISC never speaks
                given = [m for m in (mentions[i] if i < len(mentions) else [])
                         if not self.masked(i, m.start) and 0 <= m.start < m.end <= len(text)]
                ms = _merge(given, ms)
            self.mentions.append(sorted(ms, key=lambda m: m.start))
        # strong names in article order: (para, start, name, label)
        self.strong = [(p, m.start, _clean(m.text), m.label) for p, ms in enumerate(self.mentions)
                       for m in ms if (m.score or 0) >= STRONG and not _in_parens(paragraphs[p], m.start)]
        self._bounds: dict[int, list[int]] = {}
        self.refs = self._references()
        self.history: list[tuple[int, int, Speaker]] = []
        self.gender = self._genders()

    # ---------------------------------------------------------------- text helpers
    def masked(self, para: int, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.masks[para])

    def _boundaries(self, para: int) -> list[int]:
        """Offsets where a sentence starts; a full stop inside a quotation counts only where the
        quotation ends with it, and abbreviations ("Dr.", "21.") never end a sentence."""
        cached = self._bounds.get(para)
        if cached is not None:
            return cached
        text, out = self.paras[para], []
        for m in _BOUNDARY.finditer(text):
            dot = m.start()
            if self.masked(para, dot) and not any(e == dot + 2 for _, e in self.masks[para]):
                continue
            if _ABBREV.search(text[max(0, dot - 5):dot + 1]):
                continue
            out.append(m.end())
        self._bounds[para] = out
        return out

    def sentence_start(self, para: int, pos: int) -> int:
        return max((b for b in self._boundaries(para) if b <= pos), default=0)

    def sentence_end(self, para: int, pos: int) -> int:
        return min((b for b in self._boundaries(para) if b > pos), default=len(self.paras[para]))

    # ---------------------------------------------------------------- candidates
    def is_strong(self, m: Mention) -> bool:
        """A full name, or a lone word that is the last word (or first name) of a full name."""
        if (m.score or 0) >= STRONG:
            return True
        return any(surname_matches(m.text, n) for _, _, n, _ in self.strong)

    def cands(self, para: int, start: int, end: int) -> list[Cand]:
        """Names, pronouns and role phrases in paragraph[start:end], outside quotations."""
        text = self.paras[para]
        out = [Cand(para, m.start, m.end, m.text, m.label, self.is_strong(m))
               for m in self.mentions[para] if start <= m.start and m.end <= end]
        toks = [t for t in tokens(text, start, end) if not self.masked(para, t.start)]
        taken = [(c.start, c.end) for c in out]
        for k, t in enumerate(toks):
            if any(s <= t.start < e for s, e in taken):
                continue
            if t.low in PRONOUNS and not (t.low == "sie" and self.lang == "de" and _plural_next(toks, k)):
                out.append(Cand(para, t.start, t.end, t.text, "PRON"))
            elif t.low in DETERMINERS and t.low not in ("his", "her", "its", "their", "sein", "seine", "ihr", "ihre"):
                role = _role_phrase(text, toks, k)
                if role is not None and not any(s <= role[0] < e for s, e in taken):
                    s, e = role
                    out.append(Cand(para, s, e, text[s:e], "ROLE"))
                    taken.append(role)
        out.sort(key=lambda c: c.start)
        return [c for c in out if not _in_parens(text, c.start) and not _possessor(text, c)]

    def np_at(self, para: int, pos: int, limit: int) -> tuple[Cand | None, str]:
        """The noun phrase starting at pos ("der russische Außenminister Sergej Lawrow", "Kyiv
        resident Svitlana Onofryichuk", "er", "a Google spokesperson") and the speaker candidate
        it holds: its last name, else the role phrase."""
        text = self.paras[para]
        toks = [t for t in tokens(text, pos, limit) if not self.masked(para, t.start)]
        if not toks or text[pos:toks[0].start].strip(" ,\u00a0"):
            return None, ""
        while toks and toks[0].low in ("sich", "auch", "noch", "dann", "also", "then", "later", "zudem", "nun"):
            toks = toks[1:]
        if not toks:
            return None, ""
        if toks[0].low in PRONOUNS:
            t = toks[0]
            return Cand(para, t.start, t.end, t.text, "PRON"), t.text
        if toks[0].low in PREPOSITIONS:
            return None, ""  # "bestätigte auf Anfrage": an adverbial, not the subject
        ext = [toks[0]]
        seen_cap = toks[0].cap and toks[0].low not in DETERMINERS
        for prev, t in zip(toks, toks[1:], strict=False):
            gap = text[prev.end:t.start]
            joined = gap in (" ", "\u00a0", "’s ", "'s ", "‘s ") or prev.text.endswith("-") and gap.strip() in ("", ",")
            if not joined:
                break
            if t.cap or is_role(t.text) or t.low in PARTICLES and seen_cap \
                    or prev.text.endswith("-") and t.low in ("und", "and"):
                seen_cap = seen_cap or t.cap
                ext.append(t)
            elif not seen_cap and not t.cap and t.text[:1].isalpha() and len(ext) <= 4:
                ext.append(t)  # adjectives before the head noun
            else:
                break
        s, e = ext[0].start, ext[-1].end
        np_text = text[s:e]
        # "der CDU-Politiker": a name inside a role compound is not the speaker
        inside = [c for c in self.cands(para, s, e) if c.kind in ("PER", "ORG") and not _role_compound(text, c)]
        if ext[0].low in DETERMINERS:
            inside = [c for c in inside if c.strong]  # "der junge Mann": a noun, not a name
        if inside:
            best = [c for c in inside if c.strong] or inside
            return best[-1], np_text
        words = name_part(np_text.split())
        if words and self.lang == "de" and all(is_common_de(w) or w.lower() in self.nouns for w in words[-1:]):
            words = []  # "Anfrage", "Millionen Veteranen": common nouns
        if words and ext[0].low not in DETERMINERS or words and len(words) >= 2:
            n = " ".join(words)
            ns = np_text.rfind(n)
            return Cand(para, s + max(ns, 0), e, n, "ORG" if is_org_name(n) else "PER", False), np_text
        if ext[0].low in DETERMINERS and len(ext) >= 2:
            return Cand(para, s, e, np_text, "ROLE"), np_text
        return None, np_text

    # ---------------------------------------------------------------- resolution
    def resolve(self, surface: str, para: int, pos: int) -> tuple[str, str | None, str | None]:
        """Fullest article name whose last words are the surface's (the nearest one before the
        quotation among equals); a lone first name ("Phil") falls back to a full name it starts."""
        surface = strip_possessive(surface)
        if self.callback is not None:
            got = self.callback(surface)
            if got[1] is not None:
                return got
        hits = [(p, s, n, lab) for p, s, n, lab in self.strong if surname_matches(surface, n)]
        if not hits and len(surface.split()) == 1:
            hits = [(p, s, n, lab) for p, s, n, lab in self.strong
                    if len(n.split()) >= 2 and words_of(n)[0] == surface.lower()]
        if not hits:
            return surface, None, None
        most = max(len(h[2].split()) for h in hits)
        full = [h for h in hits if len(h[2].split()) == most]
        before = [h for h in full if (h[0], h[1]) <= (para, pos)]
        p, s, n, lab = (before[-1] if before else full[0])
        return n, ("org" if lab == "ORG" else "person"), None

    def speaker_of(self, cand: Cand) -> Speaker | None:
        """A candidate as a speaker: names resolved, pronouns and roles pointed back."""
        if cand.kind in ("PER", "ORG"):
            # role words, honorifics and articles come off given mentions too ("Ms Narker")
            words = name_part(strip_possessive(cand.text).split()) or (cand.text.split() if self.given_mentions else [])
            if not words:
                return self._back(cand.para, cand.start, "PER", None)
            name, kind, key = self.resolve(" ".join(words), cand.para, cand.start)
            if kind is None:
                kind = "org" if cand.kind == "ORG" or is_org_name(name) else "person"
            return Speaker(name, kind, key)
        if cand.kind == "PRON":
            g = "m" if cand.text.lower() in PRONOUNS_MALE else "f"
            return self._back(cand.para, cand.start, "PER", g)
        head = cand.text.split()[-1]
        if ORG_PART.search(head + " ") and not is_role(head):
            return self._back(cand.para, cand.start, "ORG", None, head)
        return self._back(cand.para, cand.start, "PER", _role_gender(cand.text), head)

    def _back(self, para: int, pos: int, label: str, gender: str | None, head: str | None = None) -> Speaker | None:
        """Who a pronoun or role before (para, pos) points back to: the most recent sentence
        subject or earlier speaker of that label (gender-compatible), else the most recent name;
        a head word ("ministry", "Trainer") prefers a name it was used with; with nothing before,
        the first name after."""
        entries = [e for e in self.refs if e[3] == label and (e[0], e[1]) < (para, pos) and e[0] > para - 8]
        entries += [(p, s, spk.name or "", label, True) for p, s, spk in self.history
                    if spk.name and (spk.type == "org") == (label == "ORG") and (p, s) < (para, pos) and p > para - 8]
        entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
        if not entries:
            entries = [e for e in self.refs if e[3] == label and (e[0], e[1]) > (para, pos)][:3]
        if gender:
            fit = [e for e in entries if self.gender.get(self.resolve(e[2], e[0], e[1])[0]) in (gender, None)]
            entries = fit or entries
        if head:
            hl = head.lower()
            with_head = [e for e in entries if hl in e[2].lower() or hl in self._window(e)]
            entries = with_head or entries
        if not entries:
            return None
        subjects = [e for e in entries if e[4] and e[0] >= entries[0][0] - 2]
        p, s, n, lab, _ = (subjects or entries)[0]
        name, kind, key = self.resolve(n, p, s)
        return Speaker(name, kind or ("org" if lab == "ORG" else "person"), key)

    def _window(self, e: tuple[int, int, str, str, bool]) -> str:
        # the role word stands in front of the name or right after it ("Trainer Murat Yakin",
        # "Lee Baker, a certified financial planner")
        return self.paras[e[0]][max(0, e[1] - 40):e[1] + len(e[2]) + 25].lower()

    def remember(self, para: int, pos: int, spk: Speaker | None) -> None:
        """An attributed speaker, so later pronouns can point back to them."""
        if spk is not None and spk.name:
            self.history.append((para, pos, spk))

    def _references(self) -> list[tuple[int, int, str, str, bool]]:
        """Names a pronoun may point back to: (para, start, name, label, is sentence subject)."""
        out = []
        for p, ms in enumerate(self.mentions):
            firsts: set[int] = set()
            for m in ms:
                if _in_parens(self.paras[p], m.start) or not self.is_strong(m):
                    continue
                sent = self.sentence_start(p, m.start)
                if sent not in firsts and m.label == "PER":
                    firsts.add(sent)
                    out.append((p, m.start, _clean(m.text), m.label, True))
                else:
                    out.append((p, m.start, _clean(m.text), m.label, False))
        return out

    def _genders(self) -> dict[str, str]:
        """Full name -> "m"/"f" from honorifics, role nouns in front and the next pronoun."""
        votes: dict[str, Counter[str]] = {}
        for p, text in enumerate(self.paras):
            toks = [t for t in tokens(text) if not self.masked(p, t.start)]
            for m in self.mentions[p]:
                if m.label != "PER" or not self.is_strong(m):
                    continue
                c = votes.setdefault(self.resolve(m.text, p, m.start)[0], Counter())
                for t in [t for t in toks if t.end <= m.start][-2:]:
                    if t.low in ("mr", "herr", "mister"):
                        c["m"] += 2
                    elif t.low in ("ms", "mrs", "miss", "frau"):
                        c["f"] += 2
                    elif is_role(t.text) and _role_gender(t.text):
                        c[_role_gender(t.text) or ""] += 1
                # the next subject pronoun after the name (sentence-initial or after a comma)
                for t in [t for t in toks if t.start >= m.end][:25]:
                    if t.low not in ("he", "she", "er", "his", "her"):
                        continue
                    lead = text[max(0, t.start - 6):t.start].rstrip()
                    if t.cap or lead.endswith((",", " and", " und", " but")) or t.low in ("his", "her"):
                        c["m" if t.low in ("he", "er", "his") else "f"] += 1
                    break
        out = {}
        for k, c in votes.items():
            top = c.most_common(2)
            if top and (len(top) == 1 or top[0][1] > top[1][1]):
                out[k] = top[0][0]
        return out


def _merge(given: list[Mention], heur: list[Mention]) -> list[Mention]:
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


def _clean(name: str) -> str:
    """A mention as a name: possessive, articles, honorifics and role words off ("Ms Narker")."""
    return " ".join(name_part(strip_possessive(name).split())) or strip_possessive(name)


def _role_gender(text: str) -> str | None:
    if _MASCULINE_ROLE.search(text):
        return "m"
    head = text.split()[-1] if text.split() else ""
    if _FEMININE_ROLE.search(text) and (not head.endswith("in") or is_role(head)):
        return "f"
    return None


def _plural_next(toks: list[Tok], k: int) -> bool:
    # German "sie" with a plural verb (sie sagten, sie haben) is "they", not "she"
    nxt = toks[k + 1].low if k + 1 < len(toks) else ""
    return nxt.endswith("en") and nxt not in ("erklären",)


def _role_phrase(text: str, toks: list[Tok], k: int) -> tuple[int, int] | None:
    """"der russische Außenminister", "the department", "der junge Mann": determiner, lower-case
    adjectives, then a role or organisation noun, with no name after it."""
    j = k + 1
    while j < len(toks) and j - k <= 4 and not toks[j].cap and toks[j].text[:1].isalpha() \
            and not is_role(toks[j].text) and not ORG_PART.search(toks[j].text + " "):
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
    if is_role(head.text) or ORG_PART.search(head.text + " ") \
            or re.search(r"(?:mann|frau|man|woman)$", head.text, re.I):
        return toks[k].start, head.end
    return None


def _role_compound(text: str, c: Cand) -> bool:
    m = re.match(r"-(\w+)", text[c.end:c.end + 30])
    return bool(m) and is_role(m.group(1)) and not SPOKES.search(m.group(1))


def _in_parens(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("(") > before.count(")")


def _possessor(text: str, c: Cand) -> bool:
    """"Travis Kelce's mom": the named person owns the phrase, they are not the speaker."""
    tail = text[c.end:c.end + 20]
    return bool(re.match(r"[’'‘]s?\s+\w+", tail)) and c.kind in ("PER", "ORG") \
        and not re.match(r"[’'‘]s?\s+\w+\s+(?:spokes|representative)", tail)
