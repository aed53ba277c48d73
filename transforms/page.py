"""One raw page in, the rows of every table out. This is the whole per-page extraction, pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import trafilatura
from lxml import html as lxml_html

from transforms import ids
from transforms.blocks import analyze_structure
from transforms.credits import AgencyTable
from transforms.decode import DecodeError, decode_html
from transforms.language import detect_language
from transforms.metadata import Metadata, extract_metadata
from transforms.records import BODY_SEP, Block, Caption, Quote, Structure
from transforms.urls import canonical_url

EXTRACTOR_VERSION = "0.1.0"


@dataclass(frozen=True)
class PageInput:
    url: str
    final_url: str
    data: bytes
    content_type: str | None
    header_charset: str | None
    fetched_at: datetime
    source: str | None = None
    language_hint: str | None = None


@dataclass(frozen=True)
class ExtractOptions:
    min_words: int = 40
    structure: bool = True  # block roles and captions; off = trafilatura's text as the body
    agencies: AgencyTable | None = None  # from seeds/agencies.csv; None = the built-in table


@dataclass(frozen=True)
class Reject:
    stage: str
    reason: str
    detail: str


@dataclass
class PageResult:
    """Rows for one page. `article` is None when the page was rejected."""

    url: str
    article: dict[str, Any] | None = None
    blocks: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Any] = field(default_factory=list)
    reject: Reject | None = None


def parse_html(text: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(text)


def fallback_structure(doc_text: str | None) -> Structure:
    """Trafilatura's text as body paragraphs; used until (or where) the block classifier is off."""
    paragraphs = [p.strip() for p in (doc_text or "").split("\n") if p.strip()]
    return Structure(paragraphs=paragraphs, paragraph_roles=["body"] * len(paragraphs))


def extract_page(page: PageInput, options: ExtractOptions = ExtractOptions()) -> PageResult:
    """Decode, strip with trafilatura, read metadata, and build the article row."""
    try:
        decoded = decode_html(page.data, page.header_charset, page.content_type)
    except DecodeError as exc:
        return PageResult(page.url, reject=Reject("decode", exc.reason, exc.detail))
    try:
        tree = parse_html(decoded.text)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        return PageResult(page.url, reject=Reject("parse", "unparseable_html", str(exc)[:300]))
    # trafilatura prunes the tree it is given, so it gets the text and parses its own copy.
    doc = trafilatura.bare_extraction(
        decoded.text, url=page.final_url, with_metadata=True, include_comments=False,
        include_tables=False, include_images=False,
    )
    if doc is None or not (doc.text or "").strip():
        return PageResult(page.url, reject=Reject("extract", "no_text", "trafilatura found no main text"))
    meta = extract_metadata(
        tree, page.final_url, doc.title, doc.author, doc.date, doc.sitename,
        doc.description, page.fetched_at,
    )
    structure = (analyze_structure(decoded.text, page.final_url, doc, options.agencies)
                 if options.structure else fallback_structure(doc.text))
    return assemble(page, meta, structure, options)


def assemble(page: PageInput, meta: Metadata, structure: Structure, options: ExtractOptions) -> PageResult:
    paragraphs = structure.paragraphs
    body = BODY_SEP.join(paragraphs)
    words = len(re.findall(r"\w+", body))
    if words < options.min_words:
        return PageResult(page.url, reject=Reject(
            "extract", "too_short", f"{words} words of body text (minimum {options.min_words})"))
    canon = canonical_url(_canonical_choice(page, meta))
    article_id = ids.article_id(canon)
    language = detect_language(body, meta.language_hint or page.language_hint)
    article = {
        "article_id": article_id,
        "url": page.url,
        "final_url": page.final_url,
        "canonical_url": canon,
        "source": page.source,
        "title": meta.title,
        "authors": meta.authors,
        "agency_byline": meta.agency_byline,
        "published_at": meta.published_at,
        "published_at_source": meta.published_at_source,
        "modified_at": meta.modified_at,
        "modified_at_source": meta.modified_at_source,
        "date_conflict": meta.date_conflict,
        "language": language,
        "site_name": meta.site_name,
        "description": meta.description,
        "lead": structure.lead,
        "body": body,
        "paragraphs": paragraphs,
        "word_count": words,
        "page_kind": "article",
        "extractor_version": EXTRACTOR_VERSION,
    }
    return PageResult(page.url, article=article, blocks=_with_offsets(structure), captions=structure.captions)


def _canonical_choice(page: PageInput, meta: Metadata) -> str:
    """The page's own <link rel=canonical> when it is on the same site; local files keep their path,
    so a directory of saved pages never collapses onto the URLs they were saved from."""
    if page.final_url.startswith("file:"):
        return page.final_url
    link = meta.canonical_link
    if link and link.startswith(("http://", "https://")):
        return link
    return page.final_url


def _with_offsets(structure: Structure) -> list[Block]:
    """Give body and subheading blocks their char offsets in the assembled body."""
    starts: list[int] = []
    pos = 0
    for p in structure.paragraphs:
        starts.append(pos)
        pos += len(p) + len(BODY_SEP)
    out: list[Block] = []
    i = 0
    for block in structure.blocks:
        if block.role in ("body", "subheading") and i < len(structure.paragraphs):
            if block.text == structure.paragraphs[i]:
                block = replace(block, body_start=starts[i], body_end=starts[i] + len(block.text))
                i += 1
        out.append(block)
    return out
