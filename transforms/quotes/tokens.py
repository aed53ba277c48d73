"""Word tokens for quote attribution, and a per-paragraph token index.

`tokens(text, start, end)` scans with the regex; `ParaTokens` scans a paragraph once and answers
window queries from that list (the same tokens the regex would find in the window), so the
attribution rules, which ask for many overlapping windows of one paragraph, do not rescan it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

# A word: letters/digits, inner hyphens and apostrophes ("Zuma-Sambudla", "O’Neill"), and a
# trailing hyphen for German elliptic compounds ("Gesundheits-, Sozial- und ...").
TOKEN = re.compile(r"\w+(?:[-’'‘]\w+)*-?")


class Tok(NamedTuple):  # a tuple: cheap to build, and paragraphs have many
    start: int
    end: int
    text: str
    low: str  # text.lower()

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    stop = len(text) if end is None else end
    return [Tok(m.start(), m.end(), w, w.lower()) for m in TOKEN.finditer(text, start, stop) if (w := m.group())]


class ParaTokens:
    """The tokens of one paragraph, scanned once; `window` equals `tokens(text, start, end)`."""

    __slots__ = ("text", "toks", "_starts", "_ends")

    def __init__(self, text: str):
        self.text = text
        self.toks = tokens(text)
        self._starts = [t.start for t in self.toks]
        self._ends = [t.end for t in self.toks]

    def window(self, start: int = 0, end: int | None = None) -> list[Tok]:
        n = len(self.text)
        lo = min(max(start, 0), n)
        hi = n if end is None else min(max(end, 0), n)
        if lo >= hi:
            return []
        i = bisect_left(self._starts, lo)
        if i > 0 and self._ends[i - 1] > lo:
            # the window starts inside a word: the regex sees a fragment of it, so scan
            return tokens(self.text, start, end)
        j = bisect_right(self._ends, hi)
        if j < len(self.toks) and self._starts[j] < hi:
            # the window ends inside a word: the regex sees that word cut off at `end`
            return self.toks[i:j] + tokens(self.text, self._starts[j], hi)
        return self.toks[i:j]
