"""Is this page an article? Index pages, consent walls and bot blocks are not; paywalled articles
are, but flagged. Conservative on purpose: a real article wrongly rejected is lost data, while a
stray index page is one visible, queryable row in `rejects`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

ARTICLE, PAYWALL = "article", "paywall"
_ARTICLE_TYPES = re.compile(r"article|posting|report|liveblog", re.I)
_NOT_ARTICLE_TYPES = {"website", "webpage", "collectionpage", "itemlist", "searchresultspage", "profilepage"}

_BOT = re.compile(
    r"\b(access denied|attention required|just a moment\.\.\.|are you a (robot|human)|verify you are (a )?human|"
    r"captcha|pardon our interruption|request unsuccessful|unusual traffic|bot protection|"
    r"bitte bestätigen sie, dass sie kein roboter sind|zugriff verweigert|sicherheitsüberprüfung)", re.I)
_CONSENT = re.compile(
    r"(wir benötigen ihre zustimmung|zustimmen und weiter|alle akzeptieren|mit werbung lesen|pur[- ]abo|"
    r"werbefrei lesen|cookie-einstellungen|einwilligung|before you continue|we value your privacy|"
    r"accept all cookies|consent to (the use of )?cookies|manage (your )?(cookie )?preferences|"
    r"your privacy choices)", re.I)
_PAYWALL = re.compile(
    r"(jetzt (weiter)?lesen mit|weiterlesen mit [a-z+ ]*(abo|plus)|exklusiv für abonnent|nur für abonnent|"
    r"dieser (artikel|beitrag) ist (nur )?für (abonnent|plus)|um (diesen|den) (ganzen |vollständigen )?"
    r"(artikel|beitrag) zu lesen|subscribe to (continue|keep) reading|this (article|story) is (only )?for "
    r"subscribers|already a subscriber\?|to continue reading,? (please )?(subscribe|log in)|"
    r"sie haben bereits ein abo)", re.I)

# A wall covers the page: its body is short. Long pages merely mention cookies or robots.
WALL_MAX_WORDS = 150
PAYWALL_MAX_WORDS = 400


@dataclass(frozen=True)
class PageKind:
    kind: str  # article, paywall, index, consent_wall, bot_block
    reason: str | None = None

    @property
    def is_article(self) -> bool:
        return self.kind in (ARTICLE, PAYWALL)


def classify_page(url: str, title: str | None, page_type: str | None, accessible_for_free: bool | None,
                  body_words: int, page_text: str) -> PageKind:
    """`page_text` is the page's visible text (all of it, not only the body)."""
    head = f"{title or ''}\n{page_text[:3000]}"
    if body_words < WALL_MAX_WORDS and (m := _BOT.search(head)):
        return PageKind("bot_block", f"bot check: {m.group(0)!r}")
    if body_words < WALL_MAX_WORDS and (m := _CONSENT.search(head)):
        return PageKind("consent_wall", f"consent wall: {m.group(0)!r}")
    typed_article = bool(page_type and _ARTICLE_TYPES.search(page_type) and page_type.lower() not in _NOT_ARTICLE_TYPES)
    if not typed_article and _is_section_url(url) and (page_type or "").lower() in _NOT_ARTICLE_TYPES | {""}:
        markup = page_type or "no article markup"
        return PageKind("index", f"section or home page ({markup}, path {urlsplit(url).path!r})")
    if accessible_for_free is False:
        return PageKind(PAYWALL, "isAccessibleForFree: false")
    if body_words < PAYWALL_MAX_WORDS and (m := _PAYWALL.search(page_text)):
        return PageKind(PAYWALL, f"paywall notice: {m.group(0)!r}")
    return PageKind(ARTICLE)


def _is_section_url(url: str) -> bool:
    """Home and section pages have short paths without an article slug or id: /, /politik/, /news/world."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return False
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return not parts.query
    last = segments[-1]
    slug_like = "-" in last and len(last) > 20 or any(c.isdigit() for c in last) or "." in last
    return len(segments) <= 2 and not slug_like
