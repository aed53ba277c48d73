"""Quotations with speakers, German and English.

`extract_quotes` finds direct quotations in an article's body paragraphs and names who said them;
`quote_hash` gives syndicated copies of one quotation the same key.  Pure functions: no IO.

Pipeline: quotation spans (`quotes_marks`) -> filters (length, titles and names) -> direct
attribution from the sentence (`quotes_speakers`) -> carry-over for quotations that continue a
speaker's statement without a cue of their own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from transforms.quotes.context import Context, Speaker
from transforms.quotes.lexicon import QUESTION_CUES
from transforms.quotes.marks import Span, find_spans, word_count
from transforms.quotes.speakers import CONF, Attribution, attribute, recent_person
from transforms.records import BODY_SEP, Mention, Quote

__all__ = ["QuoteOptions", "extract_quotes", "quote_hash"]


@dataclass(frozen=True)
class QuoteOptions:
    min_words: int = 3            # shorter quoted strings are terms or scare quotes
    max_title_words: int = 7      # all-capitalised strings up to this length are titles or names
    carry_over: bool = True       # give cue-less quotations the speaker of their neighbours
    fallback_recent: bool = True  # last resort: the last person named before the quotation


def extract_quotes(paragraphs: list[str], language: str, mentions: list[list[Mention]] | None = None,
                   resolve: Callable[[str], tuple[str, str | None, str | None]] | None = None,
                   options: QuoteOptions = QuoteOptions(), roles: list[str] | None = None) -> list[Quote]:
    """Direct quotations in `paragraphs` (joined with BODY_SEP they are the article body).

    `mentions` are NER mentions per paragraph (offsets into that paragraph); without them,
    capitalised word runs stand in.  `resolve` maps a surface name to (fullest name, speaker type,
    entity key); without it the fullest name in the article with the same last words is used.
    `roles` gives each paragraph's block role: quotations in subheadings (headline-style excerpts
    of a quotation the body prints in full) are not reported, but the text stays in context.
    """
    lang = "de" if language.lower().startswith("de") else "en"
    skip = _repeats(paragraphs) | {i for i, r in enumerate(roles or []) if r in _NOT_QUOTED}
    all_spans = find_spans(paragraphs)
    spans = [sp for sp in all_spans if sp.para not in skip
             and _is_quotation(paragraphs, sp, options) and not _is_label(paragraphs[sp.para], sp, lang)]
    if not spans:
        return []
    ctx = Context(paragraphs, lang, all_spans, mentions, resolve)
    direct: list[Attribution | None] = []
    for i, sp in enumerate(spans):
        direct.append(attribute(ctx, sp, (spans[i - 1], direct[i - 1]) if i else None))
    final = _carry(ctx, spans, direct, options)
    offsets = _para_offsets(paragraphs)
    body = BODY_SEP.join(paragraphs)
    out: list[Quote] = []
    for n, (sp, att) in enumerate(zip(spans, final, strict=True)):
        start = offsets[sp.para] + sp.start
        end = offsets[sp.pieces[-1].para] + sp.end
        spk = att.speaker if att else None
        out.append(Quote(
            ordinal=n, text=body[start:end], char_start=start, char_end=end,
            partial=_partial(ctx, sp), paragraph_index=sp.para,
            speaker=spk.name if spk else None, speaker_type=spk.type if spk and spk.name else None,
            speaker_entity_key=spk.key if spk else None,
            cue=att.cue if att else None, method=att.method if att else None,
            confidence=att.confidence if att else None))
    return out


def quote_hash(text: str) -> str:
    """Hash of a quotation's normalised text: NFKC, casefold, marks and punctuation dropped,
    whitespace collapsed.  Copies of one quotation with other quote glyphs or accents match."""
    norm = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    kept = "".join(" " if unicodedata.category(c)[0] == "P" else c for c in norm
                   if unicodedata.category(c)[0] != "M")
    return hashlib.sha1(" ".join(kept.split()).encode("utf-8")).hexdigest()


_HAS_WORD = re.compile(r"\w")
_TITLE_WORD = re.compile(r"^[\W\d]*[A-ZÄÖÜ]")
_SENTENCE_END = re.compile(r"[.!?…]\W*$")


def _is_quotation(paragraphs: list[str], sp: Span, options: QuoteOptions) -> bool:
    text = " ".join(paragraphs[p.para][p.start:p.end] for p in sp.pieces)
    if word_count(text) < options.min_words or not text.strip():
        return False
    words = [w for w in text.split() if _HAS_WORD.search(w)]
    # "So High School", „Babo – Die Haftbefehl-Story“: every word capitalised, no sentence end
    if len(words) <= options.max_title_words and all(_TITLE_WORD.match(w) for w in words) \
            and not _SENTENCE_END.search(text) and not any(w in ("I", "Ich") for w in words[:1]):
        return False
    return True


# Paragraph roles whose quotations are not reported: a subheading quotes an excerpt of what the
# body prints in full („Das Ziel war es, meine Würde zu zerstören“).
_NOT_QUOTED = frozenset({"subheading"})
_NORM = re.compile(r"[\W_]+")


def _repeats(paragraphs: list[str]) -> set[int]:
    """Paragraphs that repeat text printed elsewhere in the body: pull quotes (a quotation printed
    again without its marks, as a display block) and repeated paragraphs.  Their quotations are
    the other paragraph's, so they are reported once, from there."""
    norm = [_NORM.sub(" ", p).strip().casefold() for p in paragraphs]
    out = set()
    for i, n in enumerate(norm):
        if len(n.split()) < 8:
            continue
        if any(j != i and (n in m and len(m) > len(n) or m == n and j < i) for j, m in enumerate(norm)):
            out.add(i)
    return out


# "there is no "No, I'd rather not" option", "a "wait and see" approach": a quoted phrase between a
# determiner and the noun it modifies names a thing (a label, a button, a slogan); nobody speaks.
_LABEL_BEFORE = re.compile(r"\b(?:a|an|the|no|any|every|each)\s*\W?$", re.I)
_LABEL_AFTER = re.compile(r"^\W?\s+([a-z]+)\b")
_FUNCTION_WORDS = frozenset("""
a an the and or but nor that which who whom whose as at on in of by to for with from into about
than then so if is was are were be been has have had he she it they we you i his her its their
our your this these those there here when while where after before since until because though
although not also only even just still yet said says say told added wrote according
""".split())


def _is_label(text: str, sp: Span, lang: str) -> bool:
    if lang != "en" or len(sp.pieces) > 1:
        return False
    after = _LABEL_AFTER.match(text[sp.end:sp.end + 30])
    return bool(_LABEL_BEFORE.search(text[max(0, sp.start - 12):sp.start])) and after is not None \
        and after.group(1) not in _FUNCTION_WORDS and not after.group(1).endswith("ly")


def _carry(ctx: Context, spans: list[Span], direct: list[Attribution | None],
           options: QuoteOptions) -> list[Attribution | None]:
    """Quotations without a cue of their own continue a neighbour's statement: the previous
    quotation in the paragraph, the next one when nothing else is named in between, the last
    quotation of the previous paragraph, or else the last person named."""
    out = list(direct)
    for i, sp in enumerate(spans):
        own = out[i]
        if own is not None and own.method != "coordinated" or not options.carry_over:
            continue
        prev_att = out[i - 1] if i > 0 else None
        if own is not None and prev_att is not None:
            out[i] = Attribution(prev_att.speaker, own.cue, "coordinated", CONF["coordinated"])
            continue
        out[i] = None
        prev = out[i - 1] if i > 0 else None
        if prev is not None and (prev.cue or "").lower() in QUESTION_CUES:
            prev = None  # the interviewer asked; what follows is an answer
        prev_sp = spans[i - 1] if i > 0 else None
        nxt = direct[i + 1] if i + 1 < len(spans) else None
        nxt_sp = spans[i + 1] if i + 1 < len(spans) else None
        if prev is not None and prev_sp is not None and prev.speaker is not None \
                and prev_sp.pieces[-1].para == sp.para and not _named_between(ctx, prev_sp, sp):
            out[i] = Attribution(prev.speaker, prev.cue, "carry_over", CONF["carry_over"])
        elif nxt is not None and nxt_sp is not None and nxt.speaker is not None and nxt_sp.para == sp.pieces[-1].para \
                and nxt.method == "post_cue" and not _named_between(ctx, sp, nxt_sp):
            out[i] = Attribution(nxt.speaker, nxt.cue, "carry_over", CONF["carry_over"])
        elif prev is not None and prev_sp is not None and prev.speaker is not None \
                and sp.para - prev_sp.pieces[-1].para == 1 and not _named_before(ctx, sp):
            out[i] = Attribution(prev.speaker, prev.cue, "carry_over", CONF["carry_over"])
        elif options.fallback_recent:
            spk = recent_person(ctx, sp.para, sp.start)
            if spk is not None:
                out[i] = Attribution(spk, None, "recent_person", CONF["recent_person"])
    return out


def _named_between(ctx: Context, a: Span, b: Span) -> bool:
    """A person or organisation named outside quotations between two quotations."""
    pa, pb = a.pieces[-1].para, b.para
    for p in range(pa, pb + 1):
        # the previous quotation's own cue ("…“, sagte X.") does not count
        lo = ctx.sentence_end(pa, a.end + 1) if p == pa else 0
        hi = b.start if p == pb else len(ctx.paras[p])
        if any(c.kind in ("PER", "ORG") and c.strong for c in ctx.cands(p, lo, hi)):
            return True
    return False


def _named_before(ctx: Context, sp: Span) -> bool:
    return any(c.kind in ("PER", "ORG") and c.strong for c in ctx.cands(sp.para, 0, sp.start))


def _partial(ctx: Context, sp: Span) -> bool:
    """Woven into the sentence: words before it in its sentence that are not a speech frame
    ("X sagte:", "She added,"), or a lower-case start after a comma."""
    text = ctx.paras[sp.para]
    before = text[ctx.sentence_start(sp.para, sp.start - 1):sp.start - 1].rstrip()
    first = text[sp.start:sp.start + 1]
    if not before or before.endswith(":"):
        return False
    if before.endswith(",") and first.isupper():
        return False
    return True


def _para_offsets(paragraphs: list[str]) -> list[int]:
    offs, pos = [], 0
    for p in paragraphs:
        offs.append(pos)
        pos += len(p) + len(BODY_SEP)
    return offs


__all__ += ["Speaker"]
