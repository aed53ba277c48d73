"""One raw page in, the rows of every table out. This is the whole per-page extraction, pure."""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from transforms import ids
from transforms.entities import ArticleEntity, Gazetteer, NerModel, analyze_entities, canonical_entity, ner_inputs
from transforms.page.budget import PageBudget, bound_captions, bound_structure, cut_paragraphs
from transforms.page.decode import DecodeError, decode_html
from transforms.page.kind import classify_page
from transforms.page.language import detect_language
from transforms.page.metadata import Metadata, agency_from_dateline, extract_metadata
from transforms.page.parse import ParseError, TooLarge, parse_page, visible_text
from transforms.quotes import extract_quotes, quote_hash
from transforms.records import BODY_SEP, Block, Caption, Structure
from transforms.structure import AgencyTable, analyze_structure
from transforms.urls import canonical_url


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
    semantics: bool = True  # entities and quotes
    # Stamped on every article; the flows pass the fingerprint of code, word lists and models
    # (flows/version.py), so reprocess can find what an older extractor produced.
    version: str = "0.1.0"
    budget: PageBudget = PageBudget()  # caps on what each stage takes (transforms/page/budget.py)


@dataclass(frozen=True)
class Nlp:
    """Loaded NER models by language, the curated-name gazetteer, the German common-noun list
    (seeds/common_nouns_de.csv) and the given names (seeds/first_names.csv). Built once per process."""

    models: dict[str, NerModel]
    gazetteer: Gazetteer | None = None
    common_nouns: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    common_words_en: frozenset[str] = frozenset()  # seeds/common_words_en.csv


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
    quotes: list[dict[str, Any]] = field(default_factory=list)  # quotes rows: a Quote's fields + ids
    entities: list[dict[str, Any]] = field(default_factory=list)  # one row per entity in the article
    reject: Reject | None = None
    truncated: str | None = None  # which budgets cut the article's text (None: nothing was cut)


def fallback_structure(doc_text: str | None) -> Structure:
    """Trafilatura's text as body paragraphs; used until (or where) the block classifier is off."""
    paragraphs = [p.strip() for p in (doc_text or "").split("\n") if p.strip()]
    return Structure(paragraphs=paragraphs, paragraph_roles=["body"] * len(paragraphs))


def extract_page(page: PageInput, options: ExtractOptions = ExtractOptions(), nlp: Nlp | None = None) -> PageResult:
    """Decode, strip with trafilatura, read metadata, classify blocks, and build every row.
    Without `nlp` no model runs; entities and quotes then come from rules alone."""
    try:
        decoded = decode_html(page.data, page.header_charset, page.content_type)
    except DecodeError as exc:
        return PageResult(page.url, reject=Reject("decode", exc.reason, exc.detail))
    try:
        parsed = parse_page(decoded.text, page.final_url, options.budget)  # the one parse every stage shares
    except TooLarge as exc:
        return PageResult(page.url, reject=Reject("extract", "too_large", str(exc)))
    except ParseError as exc:
        return PageResult(page.url, reject=Reject("parse", "unparseable_html", str(exc)[:300]))
    doc = parsed.doc
    if doc is None or not (doc.text or "").strip():
        return PageResult(page.url, reject=Reject("extract", "no_text", "trafilatura found no main text"))
    agencies = options.agencies.aliases if options.agencies else None  # None: the built-in table
    meta = extract_metadata(
        parsed.tree, page.final_url, doc.title, doc.author, doc.date, doc.sitename,
        doc.description, page.fetched_at, agencies,
        json_ld=parsed.json_ld,
    )
    page_text = visible_text(parsed.tree)
    # the block classifier prunes the tree (scripts, styles) in place: it reads it last
    structure = (analyze_structure(parsed.tree, page.final_url, doc, options.agencies, parsed.json_ld)
                 if options.structure else fallback_structure(doc.text))
    cut = []
    if (bounded := bound_structure(structure, options.budget.max_body_chars)) is not structure:
        structure, cut = bounded, ["body"]
    words = sum(len(re.findall(r"\w+", p)) for p in structure.paragraphs)
    kind = classify_page(page.final_url, meta.title, meta.page_type, meta.accessible_for_free, words, page_text)
    if not kind.is_article:
        return PageResult(page.url, reject=Reject("extract", kind.kind, kind.reason or kind.kind))
    result = assemble(page, meta, structure, options)
    if result.article is not None:
        result.article["page_kind"] = kind.kind
    if result.article is not None and options.semantics:
        if add_entities_and_quotes(result, structure, nlp, options.budget):
            cut.append("entities_quotes")
    if result.article is not None and cut:
        result.truncated = ",".join(cut)
    return result


_SPEAKER_TYPES = {"PER": "person", "ORG": "org"}
CONTRIBUTOR_REASON = "contributor line"  # the block reason transforms.structure.rules gives them


def add_entities_and_quotes(result: PageResult, structure: Structure, nlp: Nlp | None,
                            budget: PageBudget) -> bool:
    """Entities of the article (title, lead, body, captions) and its quotes with speakers.
    They read at most `budget.max_semantic_chars` of text (a prefix of the body); returns whether
    that cut anything."""
    art = result.article
    assert art is not None
    paragraphs, lang = structure.paragraphs, art["language"] or ""
    # some sites escape their titles twice ("&#039;"); NER reads the text a reader sees
    title = html.unescape(art["title"]) if art["title"] else art["title"]
    # The lead usually opens the body too; running NER on it twice would double its mentions.
    lead = structure.lead if structure.lead and structure.lead not in paragraphs else None
    # Contributor lines ("Die Associated Press hat zu diesem Bericht beigetragen") stay out of the
    # body but name who reported the story, so NER reads them with the captions.
    captions = [c.caption for c in structure.captions if c.caption]
    captions += [b.text for b in structure.blocks if b.reason == CONTRIBUTOR_REASON]
    room, longest = budget.max_semantic_chars, budget.max_semantic_paragraph_chars
    if (len(title or "") + len(lead or "") + sum(map(len, paragraphs)) + sum(map(len, captions)) > room
            or max(map(len, paragraphs), default=0) > longest):
        title, lead = (title or "")[:longest] or None, (lead or "")[:longest] or None
        paragraphs = cut_paragraphs(paragraphs, room - len(title or "") - len(lead or ""), longest)
        captions = bound_captions(captions, room - len(title or "") - len(lead or "") - sum(map(len, paragraphs)))
        cut = True
    else:
        cut = False
    texts = ner_inputs(title, lead, paragraphs, captions)
    model = nlp.models.get(lang) if nlp else None
    mentions = model.mentions(texts) if model else [[] for _ in texts]
    ents, found = analyze_entities(title, lead, paragraphs, captions, mentions, language=lang,
                                   gazetteer=nlp.gazetteer if nlp else None,
                                   roles=structure.paragraph_roles,
                                   common_nouns=nlp.common_nouns if nlp else frozenset(),
                                   given_names=nlp.given_names if nlp else frozenset(),
                                   common_words=nlp.common_words_en if nlp else frozenset())

    def resolve(surface: str) -> tuple[str, str | None, str | None]:
        ent = canonical_entity(ents, surface)
        if ent is None or ent.type not in _SPEAKER_TYPES:
            return surface, None, None
        return ent.name, _SPEAKER_TYPES[ent.type], ent.key

    quotes = extract_quotes(paragraphs, lang, found[2:2 + len(paragraphs)], resolve,
                            roles=structure.paragraph_roles[:len(paragraphs)])
    first_len = len(paragraphs[0]) if paragraphs else 0
    result.entities = [_entity_row(e, first_len) for e in ents if e.type in ("PER", "ORG", "LOC")]
    result.quotes = [{
        **dataclasses.asdict(q),
        "speaker_entity_id": ids.entity_id(q.speaker_entity_key) if q.speaker_entity_key else None,
        "quote_hash": quote_hash(q.text),
    } for q in quotes]
    return cut


def _entity_row(e: ArticleEntity, first_paragraph_len: int) -> dict[str, Any]:
    return {
        "entity_id": ids.entity_id(e.key), "key": e.key, "name": e.name, "type": e.type,
        "mention_count": e.mention_count, "caption_mentions": e.caption_mentions,
        "first_offset": e.first_offset, "surface_forms": sorted({e.name, *e.aliases}),
        "in_title": e.in_title,
        "in_lead": e.in_lead or (e.first_offset is not None and e.first_offset < first_paragraph_len),
    }


def assemble(page: PageInput, meta: Metadata, structure: Structure, options: ExtractOptions) -> PageResult:
    paragraphs = structure.paragraphs
    body = BODY_SEP.join(paragraphs)
    agencies = options.agencies.aliases if options.agencies else None  # None: the built-in table
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
        "agency_byline": meta.agency_byline or (agency_from_dateline(paragraphs[0], agencies) if paragraphs else None),
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
        "extractor_version": options.version,
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
