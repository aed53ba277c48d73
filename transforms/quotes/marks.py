"""Finding quoted spans in paragraphs: quotation marks, nesting, apostrophes, multi-paragraph quotes.

Pure functions over strings.  The output is a list of `Span`s with offsets into the paragraph
list; deciding whether a span is a real quotation (and who said it) happens elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> the marks that may close it.  German „…“ and ‚…‘ close with the English opening
# glyphs, and sloppy copy mixes styles („…” or „…"), so each opener accepts a small set.
CLOSERS: dict[str, str] = {
    "„": "“”\"",
    "‚": "‘’'",
    "»": "«",
    "«": "»",
    "“": "”“\"",
    "‘": "’‘",
    '"': '"”“',
    "'": "'’",
}
# Marks that delimit a whole quotation (may run over paragraphs); single marks are usually nested
# quotes or apostrophes, so they never carry a quote across paragraphs.
DOUBLE = frozenset("„»«“\"")
ALL_MARKS = frozenset("„‚»«“”‘’\"'")
# Characters after which a mark still counts as "at the start of a word" (so it can open).
_OPEN_LEFT = set("([{/—–-") | ALL_MARKS
# Characters before which a mark counts as "at the end of a word" (so it can close).
_CLOSE_RIGHT = set(".,;:!?)]}/—–-…") | ALL_MARKS


@dataclass(frozen=True)
class Piece:
    """A stretch of one paragraph between (not including) the quotation marks."""

    para: int
    start: int
    end: int


@dataclass(frozen=True)
class Span:
    """One quotation: one piece, or several when it runs over paragraphs."""

    pieces: tuple[Piece, ...]
    open_mark: str

    @property
    def para(self) -> int:
        return self.pieces[0].para

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


@dataclass
class _ParaScan:
    closed: list[tuple[int, int, str]]      # (start, end, opener) of balanced spans
    open_tail: tuple[int, str] | None       # outermost double opener left open at the end
    orphan_close: int | None                # first closer before any opener (continuation end)
    starts_with_open: bool                  # the paragraph opens with a double mark


def _roles(text: str, i: int) -> tuple[bool, bool]:
    """(can_open, can_close) for the mark at text[i], from the characters around it."""
    left = text[i - 1] if i > 0 else " "
    right = text[i + 1] if i + 1 < len(text) else " "
    at_word_start = left.isspace() or left in _OPEN_LEFT
    at_word_end = right.isspace() or right in _CLOSE_RIGHT
    can_open = at_word_start and not right.isspace()
    can_close = not left.isspace() and at_word_end
    ch = text[i]
    if ch in "„‚":  # low-9 marks only ever open
        return (not right.isspace()) or left.isspace(), False
    if ch in "'’‘" and left.isalnum() and right.isalnum():
        return False, False  # apostrophe inside a word: don't, Biden’s, Kelce‘s
    return can_open, can_close


def _scan(text: str) -> _ParaScan:
    stack: list[tuple[int, str]] = []  # (index of the opening mark, mark)
    closed: list[tuple[int, int, str]] = []
    orphan: int | None = None
    seen_open = False
    for i, ch in enumerate(text):
        if ch not in ALL_MARKS:
            continue
        can_open, can_close = _roles(text, i)
        if can_close:
            match = _find_opener(stack, ch)
            if match is not None:
                pos, mark = stack[match]
                del stack[match:]
                closed.append((pos + 1, i, mark))
                continue
            if not stack and not seen_open and orphan is None and ch in "“”\"«»" and not can_open:
                orphan = i
        if can_open and ch in CLOSERS:
            # a single mark that could also be an apostrophe (’90s, ’cause) only opens when it
            # is followed by a letter and preceded by a space or another mark
            stack.append((i, ch))
            seen_open = True
    tail = next(((p, m) for p, m in stack if m in DOUBLE), None)
    first = text.lstrip()[:1]
    return _ParaScan(closed, tail, orphan, bool(first) and first in DOUBLE)


def _find_opener(stack: list[tuple[int, str]], closer: str) -> int | None:
    """Index in the stack of the opener this closer closes, or None.

    A double closer may skip unclosed single openers above its opener (stray apostrophes); a single
    closer only closes the top of the stack, so a possessive ’ never swallows an open “…”.
    """
    for k in range(len(stack) - 1, -1, -1):
        mark = stack[k][1]
        if closer in CLOSERS[mark]:
            return k
        if closer not in "\"“”«»" or mark in DOUBLE:
            return None
    return None


def find_spans(paragraphs: list[str]) -> list[Span]:
    """Every outermost quotation in the paragraphs, in text order.

    A paragraph that ends inside an open double quotation continues into the next paragraph when
    that one opens with a quotation mark (English convention) or closes a quotation it never opened.
    """
    scans = [_scan(p) for p in paragraphs]
    out: list[Span] = []
    consumed: dict[int, int] = {}  # para -> start offset of the piece a chain already used
    for idx, (_text, scan) in enumerate(zip(paragraphs, scans, strict=True)):
        skip = consumed.get(idx)
        tail_start = scan.open_tail[0] + 1 if scan.open_tail else None
        spans = [(s, e, m) for s, e, m in scan.closed if not (skip is not None and s == skip)]
        if skip is not None and tail_start == skip:
            tail_start = None
        inner_of_tail = []
        if tail_start is not None:
            chain = _follow_chain(paragraphs, scans, idx, tail_start, consumed)
            if chain is not None:
                out.extend(_outermost([(s, e, m) for s, e, m in spans if e <= tail_start - 1], idx))
                out.append(Span(chain, paragraphs[idx][tail_start - 1]))
                continue
            inner_of_tail = spans
        out.extend(_outermost(inner_of_tail or spans, idx))
    out.sort(key=lambda sp: (sp.para, sp.start))
    return out


def _outermost(spans: list[tuple[int, int, str]], idx: int) -> list[Span]:
    spans = sorted(spans, key=lambda x: (x[0], -x[1]))
    kept: list[tuple[int, int, str]] = []
    for s, e, m in spans:
        if kept and s >= kept[-1][0] and e <= kept[-1][1]:
            continue  # nested quotation stays inside the outer one
        kept.append((s, e, m))
    return [Span((Piece(idx, s, e),), m) for s, e, m in kept]


def _follow_chain(paragraphs: list[str], scans: list[_ParaScan], idx: int, start: int,
                  consumed: dict[int, int]) -> tuple[Piece, ...] | None:
    pieces = [Piece(idx, start, len(paragraphs[idx].rstrip()))]
    cur = idx
    while cur + 1 < len(paragraphs):
        nxt, scan = cur + 1, scans[cur + 1]
        text = paragraphs[nxt]
        lead = len(text) - len(text.lstrip())
        if scan.starts_with_open:
            # the reopened piece either closes in this paragraph or runs on again
            closing = next((e for s, e, _ in scan.closed if s == lead + 1), None)
            consumed[nxt] = lead + 1
            if closing is not None:
                pieces.append(Piece(nxt, lead + 1, closing))
                return tuple(pieces)
            if scan.open_tail and scan.open_tail[0] == lead:
                pieces.append(Piece(nxt, lead + 1, len(text.rstrip())))
                cur = nxt
                continue
            return tuple(pieces)
        if scan.orphan_close is not None:
            pieces.append(Piece(nxt, lead, scan.orphan_close))
            consumed[nxt] = lead
            return tuple(pieces)
        break
    return tuple(pieces) if len(pieces) > 1 else None


_WORD = re.compile(r"\w")


def word_count(text: str) -> int:
    """Whitespace-separated words that contain a letter or digit ("double-edged sword" is 2)."""
    return sum(1 for w in text.split() if _WORD.search(w))
