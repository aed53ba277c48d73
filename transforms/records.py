"""The records one page turns into. Shared by every transform; each maps 1:1 to a table row.

Offsets (`body_start`, `char_start`, ...) index `articles.body`, which is the body paragraphs joined
with BODY_SEP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BODY_SEP = "\n\n"

# Block roles, in the vocabulary of `article_blocks.role`.
ROLES = (
    "headline", "lead", "body", "subheading", "caption", "credit", "teaser", "promo",
    "author_box", "paywall", "boilerplate",
)


@dataclass(frozen=True)
class Block:
    """One text block of the page with the role it was given and why."""

    seq: int
    role: str
    text: str
    xpath: str | None = None
    reason: str | None = None
    body_start: int | None = None  # set for body/subheading blocks once the body is assembled
    body_end: int | None = None


@dataclass(frozen=True)
class Caption:
    ordinal: int
    caption: str | None
    credit: str | None = None
    photographer: str | None = None
    agency: str | None = None
    pool: bool = False
    image_url: str | None = None
    alt_text: str | None = None
    is_lead_image: bool = False
    caption_source: str | None = None  # figcaption, json-ld, og:image:alt, caption-class, text-pattern


@dataclass(frozen=True)
class Structure:
    """What the block classifier makes of a page."""

    paragraphs: list[str]              # body paragraphs in order (subheadings included as their own)
    paragraph_roles: list[str]         # "body" or "subheading", one per paragraph
    blocks: list[Block] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    lead: str | None = None


@dataclass(frozen=True)
class Mention:
    """A named-entity mention; start/end index the text it was found in."""

    start: int
    end: int
    text: str
    label: str  # PER, ORG, LOC, MISC
    score: float | None = None


@dataclass(frozen=True)
class Quote:
    ordinal: int
    text: str
    char_start: int
    char_end: int
    partial: bool
    paragraph_index: int
    speaker: str | None = None
    speaker_type: str | None = None  # person, org or None
    speaker_entity_key: str | None = None  # entity key (see transforms.entities) of the speaker
    cue: str | None = None
    method: str | None = None
    confidence: float | None = None
