"""Per-article context for attribution: sentences, speaker candidates, names, back-reference.

Built once per article from the paragraphs, the quotation spans and the (given or heuristic)
name mentions, then queried by the attribution rules in `quotes_speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes.lexicon import (
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    PRONOUNS_MALE,
    has_org_part,
    is_role,
)
from transforms.quotes.marks import Span
from transforms.quotes.names import (
    PARTICLES,
    STRONG,
    heuristic_mentions,
    is_org_name,
    name_part,
    name_suffixes,
    name_words,
    noun_evidence,
    strip_possessive,
)
from transforms.quotes.nouns import is_common_de
from transforms.quotes.phrases import (
    Cand,
    clean_name,
    in_parens,
    merge_mentions,
    plural_next,
    possessor,
    role_compound,
    role_gender,
    role_phrase,
)
from transforms.quotes.tokens import ParaTokens, Tok
from transforms.records import Mention

__all__ = ["Cand", "Context", "ResolveFn", "Speaker"]

ResolveFn = Callable[[str], tuple[str, str | None, str | None]]

_BOUNDARY = re.compile(r"[.!?…][“”\"»«‘’']?\s+(?=[„“\"»«‚‘'(]?[A-ZÄÖÜ0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b\d{1,2}|\b[A-Z])\.$")


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
        self._resolved: dict[str, tuple[str, str | None, str | None]] = {}  # callback results
        self._toks = [ParaTokens(p) for p in paragraphs]
        self.mentions: list[list[Mention]] = []
        self.nouns = noun_evidence(paragraphs, language, [pt.toks for pt in self._toks])
        for i, text in enumerate(paragraphs):
            ms = heuristic_mentions(text, self.masks[i], language, self.nouns, self._toks[i].toks)
            if mentions is not None:
                # given mentions first; capitalised runs stand in where the model found nothing,
                # and a span it labelled a place or MISC never speaks
                given = [m for m in (mentions[i] if i < len(mentions) else [])
                         if not self.masked(i, m.start) and 0 <= m.start < m.end <= len(text)]
                ms = merge_mentions(given, ms)
            self.mentions.append(sorted(ms, key=lambda m: m.start))
        # strong names in article order: (para, start, name, label)
        self.strong = [(p, m.start, clean_name(m.text), m.label) for p, ms in enumerate(self.mentions)
                       for m in ms if (m.score or 0) >= STRONG and not in_parens(paragraphs[p], m.start)]
        # the strong names by each tail of their words (surname_matches), and by first word
        self._by_tail: dict[tuple[str, ...], list[tuple[int, int, str, str]]] = {}
        self._by_first: dict[str, list[tuple[int, int, str, str]]] = {}
        for entry in self.strong:
            for tail in name_suffixes(entry[2]):
                self._by_tail.setdefault(tail, []).append(entry)
            if len(entry[2].split()) >= 2:
                self._by_first.setdefault(name_words(entry[2])[0], []).append(entry)
        self._bounds: dict[int, list[int]] = {}
        self.refs = self._references()
        self.history: list[tuple[int, int, Speaker]] = []
        self.gender = self._genders()

    # ---------------------------------------------------------------- text helpers
    def masked(self, para: int, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.masks[para])

    def tokens(self, para: int, start: int = 0, end: int | None = None) -> list[Tok]:
        """`quotes_names.tokens(paragraph, start, end)`, from the paragraph's token index."""
        return self._toks[para].window(start, end)

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
        return name_words(m.text) in self._by_tail  # surname_matches(m.text, a strong name)

    def cands(self, para: int, start: int, end: int) -> list[Cand]:
        """Names, pronouns and role phrases in paragraph[start:end], outside quotations."""
        text = self.paras[para]
        out = [Cand(para, m.start, m.end, m.text, m.label, self.is_strong(m))
               for m in self.mentions[para] if start <= m.start and m.end <= end]
        toks = [t for t in self.tokens(para, start, end) if not self.masked(para, t.start)]
        taken = [(c.start, c.end) for c in out]
        for k, t in enumerate(toks):
            if any(s <= t.start < e for s, e in taken):
                continue
            if t.low in PRONOUNS and not (t.low == "sie" and self.lang == "de" and plural_next(toks, k)):
                out.append(Cand(para, t.start, t.end, t.text, "PRON"))
            elif t.low in DETERMINERS and t.low not in ("his", "her", "its", "their", "sein", "seine", "ihr", "ihre"):
                role = role_phrase(text, toks, k)
                if role is not None and not any(s <= role[0] < e for s, e in taken):
                    s, e = role
                    out.append(Cand(para, s, e, text[s:e], "ROLE"))
                    taken.append(role)
        out.sort(key=lambda c: c.start)
        return [c for c in out if not in_parens(text, c.start) and not possessor(text, c)]

    def np_at(self, para: int, pos: int, limit: int) -> tuple[Cand | None, str]:
        """The noun phrase starting at pos ("der russische Außenminister Sergej Lawrow", "Kyiv
        resident Svitlana Onofryichuk", "er", "a Google spokesperson") and the speaker candidate
        it holds: its last name, else the role phrase."""
        text = self.paras[para]
        toks = [t for t in self.tokens(para, pos, limit) if not self.masked(para, t.start)]
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
        inside = [c for c in self.cands(para, s, e) if c.kind in ("PER", "ORG") and not role_compound(text, c)]
        if ext[0].low in DETERMINERS:
            # "der junge Mann": a noun, not a name; "der Tessiner Ständerat": a role, whatever
            # the model tagged
            inside = [c for c in inside if c.strong and not is_role(c.text.split()[-1])]
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
            got = self._resolved.get(surface)
            if got is None:
                got = self._resolved[surface] = self.callback(surface)
            if got[1] is not None:
                return got
        # strong names that surname_matches(surface, name), else full names the word starts
        hits = self._by_tail.get(name_words(surface), [])
        if not hits and len(surface.split()) == 1:
            hits = self._by_first.get(surface.lower(), [])
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
        if has_org_part(head) and not is_role(head):
            return self._back(cand.para, cand.start, "ORG", None, head)
        return self._back(cand.para, cand.start, "PER", role_gender(cand.text), head)

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
                if in_parens(self.paras[p], m.start) or not self.is_strong(m):
                    continue
                sent = self.sentence_start(p, m.start)
                if sent not in firsts and m.label == "PER" and not self._in_phrase(p, sent, m.start):
                    firsts.add(sent)
                    out.append((p, m.start, clean_name(m.text), m.label, True))
                else:
                    out.append((p, m.start, clean_name(m.text), m.label, False))
        return out

    def _in_phrase(self, para: int, sent: int, start: int) -> bool:
        """The name sits in a prepositional phrase ("mit dem israelischen Sender Channel 13",
        "in an interview with CNN's Jake Tapper"): the sentence is not about it, so it is no
        subject a later pronoun points back to.  A preposition among the four words before the
        name, with no comma between, marks it."""
        words = [t for t in self.tokens(para, sent, start) if t.end <= start][-4:]
        text = self.paras[para]
        for t in reversed(words):
            if "," in text[t.end:start]:
                return False
            if t.low in PREPOSITIONS:
                return True
        return False

    def _genders(self) -> dict[str, str]:
        """Full name -> "m"/"f" from honorifics, role nouns in front and the next pronoun."""
        votes: dict[str, Counter[str]] = {}
        for p, text in enumerate(self.paras):
            people = [m for m in self.mentions[p] if m.label == "PER" and self.is_strong(m)]
            if not people:
                continue
            masks = self.masks[p]
            toks = [t for t in self._toks[p].toks if not any(s <= t.start < e for s, e in masks)]
            starts, ends = [t.start for t in toks], [t.end for t in toks]
            for m in people:
                c = votes.setdefault(self.resolve(m.text, p, m.start)[0], Counter())
                k = bisect_right(ends, m.start)  # toks[:k] end at or before the name
                for t in toks[max(0, k - 2):k]:
                    if t.low in ("mr", "herr", "mister"):
                        c["m"] += 2
                    elif t.low in ("ms", "mrs", "miss", "frau"):
                        c["f"] += 2
                    elif is_role(t.text) and role_gender(t.text):
                        c[role_gender(t.text) or ""] += 1
                # the next subject pronoun after the name (sentence-initial or after a comma)
                k = bisect_left(starts, m.end)
                for t in toks[k:k + 25]:
                    if t.low not in ("he", "she", "er", "his", "her"):
                        continue
                    lead = text[max(0, t.start - 6):t.start].rstrip()
                    if t.cap or lead.endswith((",", " and", " und", " but")) or t.low in ("his", "her"):
                        c["m" if t.low in ("he", "er", "his") else "f"] += 1
                    break
        out: dict[str, str] = {}
        for name, c in votes.items():
            top = c.most_common(2)
            if top and (len(top) == 1 or top[0][1] > top[1][1]):
                out[name] = top[0][0]
        return out
