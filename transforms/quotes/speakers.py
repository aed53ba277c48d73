"""Speaker attribution rules.  Each rule looks at one quotation in its sentence and returns the
candidate it points to, the cue word and the rule's name; `attribute` tries them in order of
reliability, and `quotes._carry` fills in quotations that continue a neighbour's statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes.context import Cand, Context, Speaker
from transforms.quotes.lexicon import (
    DETERMINERS,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERBS_DE,
    SPEECH_VERBS_EN,
    SPOKES,
    SUBORDINATORS,
)
from transforms.quotes.marks import Span


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker | None
    cue: str | None
    method: str
    confidence: float


# Rule confidences, ordered by how reliable each rule is on the development pages; carried-over
# and fallback speakers are the least certain.
CONF = {"post_cue": 0.9, "source_prep": 0.85, "pre_cue": 0.8, "sentence_cue": 0.7, "frame_subject": 0.65,
        "sentence_subject": 0.5, "coordinated": 0.6, "carry_over": 0.55, "recent_person": 0.35}

_LEAD = re.compile(r"^[\s,–—-]*")
Hit = tuple[Cand, str, str, str]  # candidate, cue, rule name, noun phrase text


def _verbs(lang: str) -> frozenset[str]:
    return SPEECH_VERBS_DE if lang == "de" else SPEECH_VERBS_EN


def attribute(ctx: Context, span: Span, prev: tuple[Span, Attribution | None] | None = None) -> Attribution | None:
    """The direct attribution of one quotation from its own sentence, or None.  `prev` is the
    previous quotation and its attribution: a cue between the two in one sentence serves both
    („…“, so Yakin, „…“)."""
    for rule in (_post_cue, _source_prep, _pre_cue, _sentence_cue):
        if (found := _by_rule(ctx, span, rule)) is not None:
            return found
    if (shared := _shared_cue(ctx, span, prev)) is not None:
        return shared
    return _by_rule(ctx, span, _sentence_subject)


def _by_rule(ctx: Context, span: Span, rule: Callable[[Context, int, int, int, int], Hit | None]) -> Attribution | None:
    first, last = span.pieces[0], span.pieces[-1]
    hit = rule(ctx, first.para, first.start - 1, last.para, last.end)
    if hit is None:
        return None
    cand, cue, method, np_text = hit
    if method == "coordinated":
        # "Der Städtetag NRW, der …, befürwortet … und verweist darauf, dass "…"": the verb
        # shares the subject opening its sentence; only without one is it the previous speaker's
        subject = _sentence_subject(ctx, first.para, first.start - 1, last.para, last.end)
        if subject is None or subject[0].kind == "PRON":
            return Attribution(None, cue, method, CONF[method])
        cand, method, np_text = subject[0], "sentence_subject", subject[3]
    spk = _spokes(ctx, cand, np_text) if SPOKES.search(np_text or cand.text) else ctx.speaker_of(cand)
    ctx.remember(first.para, first.start, spk)
    return Attribution(spk, cue, method, CONF[method])


def _shared_cue(ctx: Context, span: Span, prev: tuple[Span, Attribution | None] | None) -> Attribution | None:
    if prev is None:
        return None
    psp, patt = prev
    if patt is None or patt.method not in ("post_cue", "source_prep", "sentence_cue"):
        return None
    pend, para = psp.pieces[-1], span.para
    if pend.para != para or ctx.sentence_start(para, span.start - 1) > pend.end:
        return None
    if len(ctx.tokens(para, pend.end + 1, span.start - 1)) > 6:
        return None
    return Attribution(patt.speaker, patt.cue, patt.method, CONF[patt.method])


def _spokes(ctx: Context, cand: Cand, np_text: str) -> Speaker | None:
    """"a Google spokesperson" -> Google; "ein Sprecher des Ministeriums" -> null (unnamed);
    "spokesperson Jane Doe" -> Jane Doe."""
    if cand.kind == "PER" and not SPOKES.search(cand.text) and cand.strong:
        return ctx.speaker_of(cand)
    text = ctx.paras[cand.para]
    m = SPOKES.search(np_text)
    base = text.find(np_text, max(0, cand.start - len(np_text))) if np_text else cand.start
    if m is None or base < 0:
        return ctx.speaker_of(cand)
    role_end = base + m.end()
    # named in front ("a Google spokesperson") or after it as a name, not as a common noun with
    # an article ("ein Sprecher des Ministeriums" is unnamed)
    orgs = [c for c in ctx.cands(cand.para, base, min(len(text), role_end + 60)) if c.kind in ("PER", "ORG") and (
        c.end <= base + m.start() or 0 <= c.start - role_end < 14 and (c.strong or not _after_article(text, c.start)))]
    if not orgs:
        return None
    spk = ctx.speaker_of(orgs[0])
    return Speaker(spk.name, "org", spk.key) if spk and spk.name else None


def _after_article(text: str, pos: int) -> bool:
    words = text[max(0, pos - 12):pos].split()
    return bool(words) and words[-1].lower() in DETERMINERS


def _post_cue(ctx: Context, p0: int, open_at: int, para: int, close_at: int) -> Hit | None:
    """„…“, sagte X. / "…," X said. / "…," said X. / „…“, so X. / „…“, habe er sich gefragt."""
    text = ctx.paras[para]
    after = close_at + 1
    end = min(ctx.sentence_end(para, after), _next_open(ctx, para, after))
    lead = _LEAD.match(text[after:end])
    pos = after + (lead.end() if lead else 0)
    comma = "," in text[after:pos]
    inner_comma = text[max(0, close_at - 1):close_at] == ","
    toks = ctx.tokens(para, pos, end)
    if not toks or toks[0].start != pos:
        return None
    verbs = _verbs(ctx.lang)
    t0 = toks[0]
    if t0.low in SUBORDINATORS:
        return None  # „…“, während Lawrow sagte, …: a new clause with a speaker of its own
    cued = comma or inner_comma
    # "X said" / "he added" / "the department detailed" / "Baker said of ..."
    cand, np_text = ctx.np_at(para, pos, end)
    starts_np = t0.cap or t0.low in DETERMINERS or t0.low in PRONOUNS
    if cand is not None and t0.low not in verbs and starts_np:
        rest = [t for t in toks if t.start >= cand.end and t.start >= pos + len(np_text)]
        if rest and not rest[0].cap and (rest[0].low in verbs or cued and rest[0].low.endswith(("ed", "te", "t", "s"))):
            return cand, rest[0].text, "post_cue", np_text
    # "said X" / "sagte der Trainer" / "so Yakin" / "ereiferte sich der Coach" / "habe er sich gefragt"
    if not t0.cap and t0.low not in DETERMINERS and (t0.low in verbs or cued or t0.low == "so"):
        for k in (1, 2):
            if k > 1 and (len(toks) < 2 or toks[1].cap or toks[1].low in ("sich",)):
                break
            start = toks[k - 1].end
            cand, np_text = ctx.np_at(para, start, end)
            if cand is not None:
                return cand, t0.text, "post_cue", np_text
    return None


_SOURCE_PREP = re.compile(r"\b(laut|according to|nach Angaben (?:von|des|der))\s+", re.I)
_ZUFOLGE = re.compile(r"\s+zufolge\b")


def _source_prep(ctx: Context, p0: int, open_at: int, para: int, close_at: int) -> Hit | None:
    """laut X / X zufolge / according to X / so X, anywhere in the quotation's sentence."""
    text = ctx.paras[p0]
    start = ctx.sentence_start(p0, open_at)
    end = ctx.sentence_end(p0, close_at + 1) if para == p0 else len(text)
    for m in _SOURCE_PREP.finditer(text[start:end]):
        pos = start + m.end()
        if ctx.masked(p0, pos):
            continue
        cand, np_text = ctx.np_at(p0, pos, end)
        if cand is not None and cand.kind != "PRON":
            return cand, m.group(1), "source_prep", np_text
    for c in ctx.cands(p0, start, end):
        if c.kind in ("PER", "ORG") and _ZUFOLGE.match(text[c.end:c.end + 10]):
            return c, "zufolge", "source_prep", c.text
    return None


def _pre_cue(ctx: Context, p0: int, open_at: int, para: int, close_at: int) -> Hit | None:
    """X sagte: „…“ / Blinken nannte das Treffen „…“ / He said the state had "…" / Er ist überzeugt: „…“."""
    text = ctx.paras[p0]
    start = ctx.sentence_start(p0, open_at)
    before = text[start:open_at].rstrip()
    verbs = _verbs(ctx.lang)
    toks = [t for t in ctx.tokens(p0, start, open_at) if not ctx.masked(p0, t.start)]
    colon = before.endswith(":")
    # "Yakin ärgerte sich, dass die Regel Anwendung fand, weil …:" the verb of a subordinate
    # clause is no cue; with a colon the main clause's subject speaks
    vpos = [k for k, t in enumerate(toks) if t.low in verbs and not t.cap
            and not (colon and ctx.lang == "de" and _subordinate(text, toks, k, start))
            and not (ctx.lang == "en" and _noun_use(toks, k))]
    if not vpos and not colon:
        return None
    if vpos:
        k = vpos[-1]
        v = toks[k]
        clause_start = max([toks[vpos[-2]].end if len(vpos) > 1 else start]
                           + [e for s, e in ctx.masks[p0] if start < e <= v.start])
        cands = ctx.cands(p0, clause_start, v.start)
        adjacent = [c for c in cands if not text[c.end:v.start].strip(" \u00a0")]
        if not adjacent and k > 0 and toks[k - 1].low in ("und", "and") and not ctx.cands(p0, toks[k - 1].end, v.start):
            # "... und behauptete: „…“": the subject is the previous clause's
            return Cand(p0, v.start, v.end, v.text, "ROLE"), v.text, "coordinated", ""
        # a named person before a role phrase or pronoun ("Der Schulleiter der Volksschule, Norbert Salcher,")
        person_first = [c for c in cands if c.strong and c.kind in ("PER", "PRON", "ROLE")]
        if person_first and person_first[0].kind == "ROLE":
            person_first = [c for c in person_first if _apposition(text, c)] + person_first
        if adjacent and _attribute_of(ctx, adjacent[-1], clause_start):
            # "Gabi Schwab, Schulleiterin der MS Egger-Lienz sagte": the name in the apposition's
            # genitive or prepositional attribute is not the subject
            named = [c for c in cands if c.kind == "PER" and c.strong and c.end < adjacent[-1].start
                     and text[c.end:c.end + 2].startswith(",")]
            if named:
                return named[0], v.text, "pre_cue", named[0].text
        if adjacent and (adjacent[-1].kind != "ORG" or not person_first):
            return adjacent[-1], v.text, "pre_cue", adjacent[-1].text
        if ctx.lang == "en":
            # English puts the subject before the verb: "Russia's Defense Ministry on Sunday
            # confirmed the weapon's use", "under cross-examination by Mpofu, he said the state"
            # (what follows the verb is its object); the subject nearest the verb speaks
            pre = [c for c in cands if (c.strong and c.kind in ("PER", "ORG") or c.kind == "PRON")
                   and not _attribute_of(ctx, c, clause_start)]
            if pre:
                return pre[-1], v.text, "pre_cue", pre[-1].text
        inverted, np_text = ctx.np_at(p0, v.end, open_at)
        if inverted is not None:
            return inverted, v.text, "pre_cue", np_text
        subj = person_first or [c for c in cands if c.strong]
        if subj:
            return subj[0], v.text, "pre_cue", subj[0].text
        return None
    cands = [c for c in ctx.cands(p0, start, open_at) if c.strong or c.kind in ("PRON", "ROLE")]
    if cands:
        return cands[0], ":", "frame_subject", cands[0].text
    return None


_AUX_EN = frozenset("will would could can should may might must are were have had do did".split())


def _noun_use(toks: list, k: int) -> bool:
    """An English cue word used as a noun: "diplomats from EU states will meet", "the reports"."""
    nxt = toks[k + 1].low if k + 1 < len(toks) else ""
    prev = toks[k - 1].low if k else ""
    return nxt in _AUX_EN or prev in DETERMINERS or prev in PREPOSITIONS


def _subordinate(text: str, toks: list, k: int, start: int) -> bool:
    """German verb-final clause: the verb's clause opens with ", dass/weil/ob/…"."""
    for j in range(k - 1, -1, -1):
        if "," in text[toks[j].end:toks[j + 1].start]:
            return toks[j + 1].low in SUBORDINATORS and j + 1 < k
    return False


def _apposition(text: str, c: Cand) -> bool:
    """A name set off by commas after a role phrase: "Der Schulleiter der Volksschule, Norbert Salcher,"."""
    return c.kind == "PER" and text[max(0, c.start - 2):c.start] == ", " and text[c.end:c.end + 1] == ","


def _attribute_of(ctx: Context, cand: Cand, clause_start: int) -> bool:
    """The candidate follows a lower-case article or preposition within its phrase ("der MS
    Egger-Lienz", "at Apex Financial"), so it is an attribute of a noun, not a subject."""
    text = ctx.paras[cand.para]
    back = ctx.tokens(cand.para, max(clause_start, cand.start - 30), cand.start)
    for t in reversed(back[-3:]):
        if "," in text[t.end:cand.start]:
            return False
        if not t.cap and (t.low in DETERMINERS or t.low in PREPOSITIONS):
            return True
    return False


def _sentence_cue(ctx: Context, p0: int, open_at: int, para: int, close_at: int) -> Hit | None:
    """A cue later in the sentence, past other words or quotations: „…“ und …, sagte X."""
    text = ctx.paras[para]
    end = ctx.sentence_end(para, close_at + 1)
    verbs = _verbs(ctx.lang)
    toks = [t for t in ctx.tokens(para, close_at + 1, end) if not ctx.masked(para, t.start)]
    for k, t in enumerate(toks):
        sep = text[toks[k - 1].end:t.start] if k else ","
        if (t.low not in verbs or t.cap) and not (t.text == "so" and "," in sep):
            continue
        if "," in sep:
            cand, np_text = ctx.np_at(para, t.end, end)
            if cand is not None:
                return cand, t.text, "sentence_cue", np_text
        cands = ctx.cands(para, close_at + 1, t.start)
        if cands and not text[cands[-1].end:t.start].strip() and cands[-1].kind != "ROLE":
            return cands[-1], t.text, "sentence_cue", cands[-1].text
    return None


def _sentence_subject(ctx: Context, p0: int, open_at: int, para: int, close_at: int) -> Hit | None:
    """No cue at all: a partial quotation whose sentence opens with a named person or body
    ("Die Gewerkschaft Komba zeigt sich entrüstet über "…"")."""
    text = ctx.paras[p0]
    start = ctx.sentence_start(p0, open_at)
    if not text[start:open_at].strip():
        return None
    first = ctx.tokens(p0, start, open_at)[:1]
    if first and first[0].low in PREPOSITIONS:
        # "At a U.N. Security Council meeting on the strike, Ambassador Andrii Melnyk denied …":
        # an opening adverbial is not the subject; the clause after its comma has it
        for m in re.finditer(r", (?=\S)", text[start:open_at]):
            t = ctx.tokens(p0, start + m.end(), open_at)[:1]
            if t and t[0].cap and t[0].low not in PREPOSITIONS:
                start += m.end()
                break
        else:
            return None
    cands = [c for c in ctx.cands(p0, start, open_at) if c.strong and c.kind in ("PER", "ORG", "PRON")]
    if cands and not text[start:cands[0].start].strip(" „“\"»«") or cands and cands[0].start - start < 25:
        return cands[0], "", "sentence_subject", cands[0].text
    return None


def _next_open(ctx: Context, para: int, pos: int) -> int:
    nxt = [s for s, _ in ctx.masks[para] if s >= pos]
    return min(nxt) if nxt else len(ctx.paras[para])


def recent_person(ctx: Context, para: int, pos: int) -> Speaker | None:
    """Fallback: the last person named before the quotation."""
    return ctx._back(para, pos, "PER", None)
