"""Text-only rules of the block classifier: promo, boilerplate and teaser phrases (German and
English), ALL-CAPS teaser lines, bylines and contributor lines.

Each rule returns (role, reason) or None. Phrases are anchored and limited to short blocks so a
body paragraph that merely mentions "newsletter" is never dropped.
"""

from __future__ import annotations

import re

# (role, pattern) tried against the start of a short block (<= SHORT_WORDS words).
_START_RULES: tuple[tuple[str, str], ...] = (
    ("promo", r"(click|tap) here\b|klicken sie hier|hier klicken|laden sie (unsere|die) app|get the .{0,30}app\b"),
    (
        "promo",
        r"(sign up|subscribe|register)\b|(jetzt )?(anmelden|abonnieren)\b|melden sie sich .{0,40}(an|newsletter)",
    ),
    ("promo", r"get (the latest|daily|our)\b|newsletter|follow (us|\w+ on)\b|folgen sie uns"),
    ("promo", r"(download|install) (our|the)\b.{0,30}app|\d+ (wochen|tage|monate) kostenlos|kostenlos testen"),
    (
        "promo",
        r"(unabhängiger )?journalismus braucht|unterstützen sie (uns|unabhängigen)|support (our|independent) journalism",
    ),
    ("teaser", r"(also read|read more|read next|related|more on this|more from|most read in|watch|listen)\s*[:|]"),
    ("teaser", r"(also read|read more|read next|related stories|more on this|most read in \w+)$"),
    (
        "teaser",
        r"(lesen sie (auch|mehr|hier)|auch interessant|mehr zum thema|das könnte sie auch interessieren|weitere artikel|"
        r"zum (artikel|thema)|ähnliche\b|empfehlungen|meistgelesen|weiterlesen|mehr dazu|top-themen)",
    ),
    ("teaser", r"what to know about|today’s news:|today's news:|we want to hear from you|ground game:|ap’s role:"),
    (
        "boilerplate",
        r"(advertisement|anzeige|werbung|sponsored|gesponsert|article content|summary|teilen|share|"
        r"drucken|print|comments?|kommentare?)\s*:?$",
    ),
    ("boilerplate", r"(- )?(advertisement \d*\s*)?story continues below"),
    (
        "boilerplate",
        r"(leave a reply|leave a comment|join (our|the) (commenting|conversation)|"
        r"would you like to comment|please read our comment|you must confirm your public display name|"
        r"please logout and then login|join thought-provoking conversations)",
    ),
    (
        "boilerplate",
        r"(source site|quelle:|quellen:|\(quelle:|fehler gefunden|jetzt melden|lesedauer|stand:\s*\d|"
        r"verfügbar bis|bitte beachten|mit agenturmaterial|our standards:|copyright|©|\(c\) \d{4}|"
        r"alle rechte vorbehalten|all rights reserved|this is a breaking new|first published (in|on)|"
        r"reviews and recommendations are unbiased|hat ihnen dieser artikel gefallen|"
        r"wie hat ihnen dieser artikel gefallen|durchschnittliche bewertung|ihre meinung ist uns wichtig|"
        r"do i qualify\?)",
    ),
    (
        "author_box",
        r"(redaktion|faktencheck|übersetzung|schlussredaktion|mitarbeit|reporting by|writing by|editing by|"
        r"additional reporting|with files from|email:|e-mail:|kontakt:)",
    ),
)
_START = [(role, re.compile(p, re.IGNORECASE)) for role, p in _START_RULES]
SHORT_WORDS = 30

# Lines that end like a contributor note: "The Associated Press contributed to this report."
_END = re.compile(
    r"(contributed to this (report|story|article)|hat zu diesem (bericht|artikel) beigetragen|"
    r"mitgearbeitet|more to follow|with files from [^.]+)\.?$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(von|by|text:|von:)\s+[\w.\-’' ]{2,60}$", re.IGNORECASE)
_DPA_INFOCOM = re.compile(r"^(©\s*)?dpa-infocom|^\(\w{2,6}(/\w{2,6})*\)$|^[\w/ -]{1,15}/[\w/ -]{1,15}$")
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,3} (is an?|is the|covers|writes|has covered|ist\b) ", re.UNICODE
)


def is_all_caps_line(text: str) -> bool:
    """An ALL-CAPS line of several words: a teaser link styled as a shout ("BIDEN HAT SEIT ...")."""
    if len(text.split()) < 4:
        return False
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= 15 and sum(map(str.isupper, letters)) / len(letters) >= 0.85


def text_rule(text: str) -> tuple[str, str] | None:
    """Role of a block judged by its text alone, or None when the text says nothing."""
    s = text.strip().lstrip("-–—•>» ").strip()
    words = s.split()
    if not words:
        return "boilerplate", "empty"
    if is_all_caps_line(s):
        return "teaser", "all-caps line"
    if len(words) <= SHORT_WORDS:
        for role, rx in _START:
            if rx.match(s):
                return role, f"phrase: {rx.match(s).group(0)[:30].strip()}"  # type: ignore[union-attr]
        if _END.search(s):
            return "author_box", "contributor line"
        if _BYLINE.match(s):
            return "author_box", "byline"
        if _DPA_INFOCOM.match(s):
            return "credit", "agency tag"
    if (
        len(words) <= 80
        and _AUTHOR_BIO.match(s)
        and re.search(
            r"\b(follow|twitter|journalist|reporter|researcher|professor|editor|correspondent|lecturer|covers)\b",
            s,
            re.IGNORECASE,
        )
    ):
        return "author_box", "author bio"
    if not re.search(r"\w", s):
        return "boilerplate", "no words"
    return None
