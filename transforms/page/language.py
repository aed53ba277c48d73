"""Language of an article: German or English (or other), from stop words, with markup as a hint.

A stop-word count is enough to tell de from en on a news body and costs microseconds; markup
(`<html lang>`) is often wrong on multilingual sites, so it only breaks ties.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = {
    "de": frozenset(
        "der die das und ist nicht ein eine einen dem den des mit von zu im auf für sich auch "
        "es sie er wir ich als bei nach aus wie noch wird werden wurde hat haben sind war".split()
    ),
    "en": frozenset(
        "the and of to in is that for it with as was on be by at this are from have has he "
        "she they were their which not but an or will said would been who".split()
    ),
}


def detect_language(text: str, hint: str | None = None) -> str | None:
    words = [w.lower() for w in _WORD.findall(text[:20_000])]
    if not words:
        return _norm(hint)
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best / len(words) < 0.08:  # too few function words of either language
        return _norm(hint) or None
    others = [v for k, v in scores.items() if k != lang]
    if others and best < 1.5 * max(others):
        return _norm(hint) or lang
    return lang


def _norm(hint: str | None) -> str | None:
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    return code or None
