"""Article metadata with provenance: every date says where it came from.

Witnesses, in order of trust: JSON-LD (NewsArticle and friends), <meta> tags, trafilatura's own
date guess, the URL. The first witness wins; when witnesses disagree by more than a day the
article is flagged with `date_conflict` so analysts can find it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from transforms.jsonld import JsonLd, parse_json_ld

_ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "report", "webpage",
}
_URL_DATE = re.compile(r"/(20\d\d)[/-](\d\d)[/-](\d\d)(?:/|[^\d])")
_NOT_PEOPLE = re.compile(
    r"^(staff|redaktion|newsroom|editorial|editors?|admin|online|web|desk|team|agenturen|"
    r"the associated press|associated press|red\.?|online-redaktion|nachrichten)\b", re.I
)
AGENCY_BYLINES = {
    "dpa": "dpa", "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "afp": "AFP", "apa": "APA", "sda": "SDA", "kna": "KNA", "epd": "epd",
    "dpa-afx": "dpa-AFX", "bloomberg": "Bloomberg", "sid": "SID", "keystone-sda": "Keystone-SDA",
}


_AGENCY_ALT = "|".join(sorted((re.escape(k) for k in AGENCY_BYLINES), key=len, reverse=True))
# "Berlin (dpa) - ...", "WASHINGTON (AP) — ...", "(Reuters) -": the wire dateline opening a story.
_DATELINE = re.compile(rf"^[^\W\d][\w .,'/-]{{0,40}}?\s*\(({_AGENCY_ALT})(?:/[\w-]+)*\)\s*[-–—:]", re.I)
# "mit Material von dpa", "Quelle: Reuters", "with reporting by AP": agency credit in the byline.
_BYLINE_AGENCY = re.compile(
    rf"(?:mit material (?:von|der|des)|material:|quelle:|source:|mit agenturen|agenturen:|"
    rf"with (?:reporting|additional reporting|files) (?:by|from))\s*(?:der |the )?({_AGENCY_ALT})\b", re.I)
_BYLINE_NODES = ("//*[contains(@class,'byline') or contains(@class,'author') or contains(@class,'agency') "
                 "or contains(@class,'source') or contains(@class,'credit-text')]")


def agency_from_dateline(first_paragraph: str) -> str | None:
    """The agency of a wire dateline at the start of the body, normalised (dpa, AP, Reuters, ...)."""
    m = _DATELINE.match(first_paragraph.strip())
    return AGENCY_BYLINES.get(m.group(1).casefold()) if m else None


def _agency_in_byline(tree: lxml_html.HtmlElement) -> str | None:
    for node in tree.xpath(_BYLINE_NODES)[:20]:
        text = " ".join(node.text_content().split())
        if len(text) < 200 and (m := _BYLINE_AGENCY.search(text)):
            return AGENCY_BYLINES.get(m.group(1).casefold())
    return None


@dataclass(frozen=True)
class Metadata:
    title: str | None
    authors: list[str]
    agency_byline: str | None
    published_at: datetime | None
    published_at_source: str | None
    modified_at: datetime | None
    modified_at_source: str | None
    date_conflict: bool
    site_name: str | None
    description: str | None
    canonical_link: str | None
    language_hint: str | None
    image_url: str | None
    image_alt: str | None
    json_ld_images: list[dict[str, Any]]
    section: str | None
    page_type: str | None  # JSON-LD @type or og:type of the page
    accessible_for_free: bool | None = None  # JSON-LD isAccessibleForFree, when stated


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 (date or date-time) to an aware UTC datetime; naive values are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip().replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", value.strip()) else value.strip()
    s = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", s)  # +0100 -> +01:00
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = datetime.combine(date.fromisoformat(s[:10]), datetime.min.time())
        except ValueError:
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _json_ld_objects(json_ld: Sequence[JsonLd]) -> Iterator[dict[str, Any]]:
    for script in json_ld:
        stack = [script.data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    values = t if isinstance(t, list) else [t]
    return {str(v).lower() for v in values if v}


def _names(value: Any) -> list[str]:
    out: list[str] = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and v.strip():
            out.extend(p.strip() for p in re.split(r"\s*(?:,|;| und | and |&)\s*", v) if p.strip())
    return out


_METAS = etree.XPath("//meta")


def _meta(tree: lxml_html.HtmlElement, *keys: str) -> str | None:
    """The content of the first <meta> whose property, name or itemprop (in that order) is a key.
    One walk over the page per call, not one XPath per key and attribute."""
    metas = [(m.get("property"), m.get("name"), m.get("itemprop"), m.get("content")) for m in _METAS(tree)]
    for key in keys:
        for i in range(3):
            # the first <meta> naming the key (and having a content) decides for this attribute
            content = next((m[3] for m in metas if m[i] == key and m[3] is not None), None)
            if content and content.strip():
                return content.strip()
    return None


def split_authors(names: list[str], site_name: str | None) -> tuple[list[str], str | None]:
    """People go to authors; agency bylines go to their own field; the site name and 'Staff' go."""
    people: list[str] = []
    agency: str | None = None
    site = (site_name or "").casefold()
    for raw in names:
        name = re.sub(r"^(von|by)\s+", "", raw.strip(), flags=re.I).strip(" ,.|/")
        key = name.casefold()
        if not name or key == site or len(name) > 60 or "http" in key:
            continue
        if key in AGENCY_BYLINES:
            agency = agency or AGENCY_BYLINES[key]
            continue
        if _NOT_PEOPLE.match(name) or not re.search(r"[^\W\d_]", name):
            continue
        if name not in people:
            people.append(name)
    return people, agency


def extract_metadata(
    tree: lxml_html.HtmlElement, url: str, doc_title: str | None, doc_author: str | None,
    doc_date: str | None, doc_sitename: str | None, doc_description: str | None,
    seen_at: datetime | None, json_ld: Sequence[JsonLd] | None = None,
) -> Metadata:
    """`seen_at` is when the page was fetched: a publication date after it is not accepted.
    `json_ld` is the page's parsed JSON-LD (`transforms.jsonld`); None parses it from `tree`."""
    article_ld: dict[str, Any] = {}
    images: list[dict[str, Any]] = []
    page_type: str | None = None
    for obj in _json_ld_objects(parse_json_ld(tree) if json_ld is None else json_ld):
        types = _types(obj)
        if types & _ARTICLE_TYPES and (not article_ld or "webpage" in _types(article_ld)):
            article_ld = obj
            page_type = sorted(types)[0]
        if "imageobject" in types:
            images.append(obj)
    for img in (article_ld.get("image"), article_ld.get("associatedMedia")):
        for item in img if isinstance(img, list) else [img]:
            if isinstance(item, dict) and item not in images:
                images.append(item)

    title = _clean(article_ld.get("headline")) or _meta(tree, "og:title", "twitter:title") or doc_title
    site_name = _meta(tree, "og:site_name") or doc_sitename
    if isinstance(article_ld.get("publisher"), dict):
        site_name = site_name or _clean(article_ld["publisher"].get("name"))
    names = _names(article_ld.get("author")) or _names(_meta(tree, "author", "article:author"))
    if not names and doc_author:
        names = [a for a in doc_author.split(";")]
    authors, agency = split_authors(names, site_name)
    agency = agency or _agency_in_byline(tree)

    pub_witnesses = [
        ("json-ld", parse_datetime(article_ld.get("datePublished"))),
        ("meta", parse_datetime(_meta(tree, "article:published_time", "og:article:published_time",
                                       "datePublished", "date", "pubdate", "publish-date",
                                       "DC.date.issued", "dcterms.created"))),
        ("text", parse_datetime(doc_date)),
        ("url", _url_date(url)),
    ]
    mod_witnesses = [
        ("json-ld", parse_datetime(article_ld.get("dateModified"))),
        ("meta", parse_datetime(_meta(tree, "article:modified_time", "og:updated_time",
                                       "dateModified", "last-modified"))),
    ]
    published_at, published_src, conflict = _pick(pub_witnesses, seen_at)
    modified_at, modified_src, _ = _pick(mod_witnesses, seen_at)

    lang = tree.get("lang") or _meta(tree, "og:locale", "language", "content-language")
    if isinstance(article_ld.get("inLanguage"), str):
        lang = lang or article_ld["inLanguage"]
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    return Metadata(
        title=_clean(title),
        authors=authors,
        agency_byline=agency,
        published_at=published_at,
        published_at_source=published_src,
        modified_at=modified_at,
        modified_at_source=modified_src,
        date_conflict=conflict,
        site_name=_clean(site_name),
        description=_clean(_meta(tree, "og:description", "description") or doc_description),
        canonical_link=canonical[0].strip() if canonical and canonical[0].strip() else None,
        language_hint=lang,
        image_url=_meta(tree, "og:image", "twitter:image"),
        image_alt=_meta(tree, "og:image:alt", "twitter:image:alt"),
        json_ld_images=images,
        section=_clean(article_ld.get("articleSection") if isinstance(article_ld.get("articleSection"), str) else None)
        or _meta(tree, "article:section"),
        page_type=page_type or _meta(tree, "og:type"),
        accessible_for_free=_bool(article_ld.get("isAccessibleForFree")),
    )


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _pick(
    witnesses: list[tuple[str, datetime | None]], seen_at: datetime | None
) -> tuple[datetime | None, str | None, bool]:
    limit = seen_at + timedelta(days=1) if seen_at else None
    valid = [(src, dt) for src, dt in witnesses
             if dt is not None and dt.year >= 1990 and (limit is None or dt <= limit)]
    if not valid:
        return None, ("future-rejected" if any(dt for _, dt in witnesses) else None), False
    src, best = valid[0]
    conflict = any(abs((dt - best).total_seconds()) > 86_400 * 1.5 for _, dt in valid[1:])
    return best, src, conflict


def _url_date(url: str) -> datetime | None:
    m = _URL_DATE.search(url)
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
    except ValueError:
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value or None
