"""The shortcuts that make quote attribution fast give exactly what the plain regexes give:
token windows from a paragraph's token index, and the ASCII paths of `is_role`/`has_org_part`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.quotes.lexicon import ORG_PART, ROLE_PART, ROLE_STEMS, ROLE_WORDS, has_org_part, is_role
from transforms.quotes.tokens import ParaTokens, tokens

_chars = st.text(alphabet="ab É1_-’'‘ „“.,", max_size=30)
_bounds = st.integers(min_value=-3, max_value=35)


@settings(max_examples=300, deadline=None)
@given(_chars, _bounds, st.one_of(st.none(), _bounds))
def test_token_window_equals_regex_scan(text, start, end):
    assert ParaTokens(text).window(start, end) == tokens(text, start, end)


_pieces = st.sampled_from([*sorted(ROLE_STEMS)[:40], *sorted(ROLE_WORDS), "in", "innen", "en", "e", "s",
                           "n", "r", ".", "-", "_", "x", "Ab", "9", " ", "'", "é", "ä", "ſ", "K", "İ"])
_role_words = st.lists(_pieces, max_size=4).map("".join)


@settings(max_examples=400, deadline=None)
@given(_role_words, st.sampled_from([str, str.upper, str.capitalize]))
def test_is_role_equals_regex(word, case):
    w = case(word)
    assert is_role.__wrapped__(w) == (ROLE_PART.fullmatch(w) is not None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Bundes", "ministerium", "Land ", "EU", "Büro", "City", "ag", "Ag-",
                                 "Kyiv", "Police", " ", "-", "school", "weißes haus", "White House"]),
                max_size=4).map("".join))
def test_has_org_part_equals_regex(text):
    assert has_org_part.__wrapped__(text) == (ORG_PART.search(text + " ") is not None)


def test_examples():
    assert is_role("Außenminister") and is_role("US-Präsidentin") and is_role("Dr.") and not is_role("Johnson")
    assert has_org_part("Bundesministerium") and not has_org_part("Lawrow")
