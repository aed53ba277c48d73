"""The curated-name gazetteer: curated CSV rows plus CLDR country names, looked up by surface form.

Built once by the caller (`build_gazetteer`, which reads babel's CLDR country names: a library
lookup) from rows it read from `seeds/gazetteer_names.csv`; `entities_rules` matches it in text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property


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

    def prefix_index(self, lang: str) -> PrefixIndex:
        """The names of `lang` and "*" by their first characters (built once per language)."""
        index = self._prefixes.get(lang)
        if index is None:
            index = self._prefixes[lang] = PrefixIndex.of([*self.names.get(lang, {}), *self.names.get("*", {})])
        return index

    @cached_property
    def _prefixes(self) -> dict[str, PrefixIndex]:
        return {}


_HEAD = 4  # name prefix length the index uses


@dataclass(frozen=True)
class PrefixIndex:
    heads: dict[str, int]  # first _HEAD characters of a name -> length of the longest such name
    short: frozenset[str]  # names shorter than _HEAD
    short_first: frozenset[str]  # their first characters

    @staticmethod
    def of(names: list[str]) -> PrefixIndex:
        heads: dict[str, int] = {}
        for name in names:
            if len(name) >= _HEAD:
                heads[name[:_HEAD]] = max(heads.get(name[:_HEAD], 0), len(name))
        short = frozenset(n for n in names if len(n) < _HEAD)
        return PrefixIndex(heads, short, frozenset(n[:1] for n in short))

    def longest_at(self, text: str, start: int) -> int:
        """An upper bound on the length of any name that text[start:] begins with; 0: none does."""
        bound = self.heads.get(text[start:start + _HEAD], 0)
        if text[start:start + 1] in self.short_first:
            for n in range(1, _HEAD):
                if n > bound and text[start:start + n] in self.short:
                    bound = n
        return bound


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
