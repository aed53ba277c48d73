"""Canonicalisation within one article: base forms, then clusters of mentions of one entity.

"Blinken" joins "Antony Blinken"; "Russlands" joins "Russland"; "der Kleinen Zeitung" becomes
"Kleine Zeitung"; forms of one gazetteer group ("USA", "Vereinigte Staaten") are one entity. The
cluster is named by the fullest form the article uses.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial

from transforms.entities.rules import Cand
from transforms.entities.spans import BODY_WORDS
from transforms.entities.votes import acronym_links, context_vote, coordination_pairs

_PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "zu"}
_PLACE_KINDS = {"region", "district", "province", "oblast", "county", "municipality"}
_FUNCTION_WORDS = {"i", "my", "me", "we", "our", "you", "your", "he", "his", "she", "her", "it",
                   "they", "their", "this", "that", "the", "a", "an", "der", "die", "das", "ich",
                   "wir", "sie", "er", "es", "ein", "eine", "mein", "unser"}
_DETERMINERS = {"the", "der", "die", "das", "den", "dem", "des"}
_ADJ_TRIGGER = re.compile(r"(?:^|\s)(?:der|den|einer)\s+$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:[’'‘`]s|[’'])$")
_EDGE_PUNCT = " \t\n,;:!?()[]{}\"“”„«»‚‘’'*–—-"
# a lower-case run then a capital inside a word: two texts glued together ("BakerCFP"); names
# like "McDonald", "DeSantis", "MacAllister" have at most two lower-case letters before the capital
_GLUED = re.compile(r"(?<=[a-zäöüß]{3})[A-ZÄÖÜ]")
COORD_WEIGHT = 1.25  # per other member of a list
VOTE = {"title": 3, "phrase": 3, "gazetteer": 3, "surname": 2, "given": 2, "model": 1, "name": 1}


def base_form(c: Cand, text: str, lang: str, inflection: bool) -> str:
    """The dictionary form of a candidate's name (no article, no possessive, nominative)."""
    name = " ".join((c.base or c.text).split()).strip(_EDGE_PUNCT)
    if name.endswith(".") and not re.search(r"\.\w", name) and not re.search(r"\b\w\.$", name):
        name = name[:-1]  # sentence-final period, but keep "U.S." / "Jr."
    ws = name.split()
    preceded = text[:c.start]
    if len(ws) > 1 and ws[0].casefold() in _DETERMINERS:
        preceded = preceded + ws[0] + " "
        ws = ws[1:]
    if c.base is None and len(ws) > 1:
        while len(ws) > 1 and ws[0][0].islower() and ws[0] not in _PARTICLES:
            ws = ws[1:]  # "portugiesische Referee Joao Pinheiro" -> ...; not "von der Leyen"
        while len(ws) > 1 and ws[-1][0].islower() and ws[-1] not in _PLACE_KINDS:
            ws = ws[:-1]  # "Supreme Court immunity case" -> "Supreme Court"
        if c.label == "PER":
            for i, w in enumerate(ws):
                if w in ("und", "and", "oder", "or", "&") and i > 0:
                    ws = ws[:i]  # "Messi und Co"
                    break
    name = " ".join(ws).strip(_EDGE_PUNCT)  # "Issam Abdallah - found" -> "Issam Abdallah"
    if c.base is None and lang == "en":
        m = re.search(r"[’'‘]s ", name)
        if m and not BODY_WORDS.search(name):
            name = name[:m.start()]  # "Kyiv’s European allies" -> "Kyiv"; not "Russia’s Air Force"
    if c.base is None:
        name = _POSSESSIVE.sub("", name) if lang == "en" or re.search(r"[’'‘`]s?$", name) else name
    glued = _GLUED.search(name) if c.label == "PER" and c.base is None else None
    if glued:
        name = name[:glued.start()]  # "Murat YakinSchweizer Trainer": a caption glued to a role
    if (inflection and lang == "de" and c.base is None and c.label in ("ORG", "LOC")
            and len(ws) > 1 and _ADJ_TRIGGER.search(preceded)):
        first = ws[0]
        if first[0].isupper() and first.endswith("en") and len(first) > 4 and ws[1][0].isupper():
            name = " ".join([first[:-1], *ws[1:]])  # der Kleinen Zeitung -> Kleine Zeitung
    return name


@dataclass
class Cluster:
    label: str
    cands: list[Cand] = field(default_factory=list)
    forms: Counter = field(default_factory=Counter)  # base forms
    votes: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # label -> weight
    group: str | None = None
    merged: list[str] = field(default_factory=list)  # forms of clusters merged in (aliases only)

    @property
    def name(self) -> str:
        """Fullest form: most words, then longest, then most frequent, then first seen."""
        # max() keeps the first of equal keys: the first seen
        return max(self.forms, key=lambda f: (len(f.split()), len(f), self.forms[f]))


def cluster(cands: list[Cand], texts: list[str], lang: str, inflection: bool,
            surname_merge: bool, context_types: bool = True, coordination: bool = True,
            acronyms: bool = True, given: frozenset[str] = frozenset()) -> list[Cluster]:
    by_key: dict[str, Cluster] = {}
    of: dict[int, Cluster] = {}  # id(cand) -> its cluster (before merges)
    for c in sorted(cands, key=lambda c: c.group is None):  # grouped (gazetteer) forms first
        form = base_form(c, texts[c.part], lang, inflection)
        if not _plausible(form, c):
            continue
        key = f"g:{c.group}" if c.group else f"n:{form.casefold()}"
        cl = by_key.get(key)
        if cl is None and not c.group:
            # a name also known as a gazetteer form joins that group
            cl = next((x for x in by_key.values() if x.group
                       and form.casefold() in {f.casefold() for f in x.forms}), None)
        if cl is None:
            cl = by_key.setdefault(key, Cluster(c.label, group=c.group))
        cl.cands.append(c)
        cl.forms[form] += 1
        cl.votes[c.label] += VOTE[c.source]
        vote = context_vote(c, texts[c.part]) if context_types else None
        if vote is not None:
            cl.votes[vote[0]] += vote[1]  # "in Durban", "from Goodwood": a place
        of[id(c)] = cl
    clusters = list(by_key.values())
    _elect(clusters)
    _institution_heads(clusters)
    if coordination:
        _coordinate(cands, texts, of)
    if inflection and lang == "de":
        clusters = _merge(clusters, _genitive_target)
    if surname_merge:
        clusters = _merge(clusters, partial(_surname_target, given=given))
        clusters = _merge(clusters, _tail_target)
    if acronyms:
        clusters = _merge_acronyms(clusters, cands, texts)
    return clusters


# Final words that make a name an organisation's ("Trump University", "Julius Kühn-Institut"); the model
# often reads the person or place inside such a name and labels the whole.
_ORG_TAILS = frozenset({
    "university", "universität", "institute", "institut", "college", "hochschule", "akademie", "academy",
    "foundation", "stiftung", "bank", "group", "gruppe", "verlag", "partei", "party", "verein", "club",
    "ag", "gmbh", "se", "inc", "inc.", "corp", "corp.", "corporation", "ltd", "ltd.", "llc", "plc", "co.",
    "ministerium", "ministry", "agentur", "agency", "association", "verband", "gewerkschaft", "union",
    "council", "committee", "kommission", "commission", "department", "zeitung", "times", "post", "news"})


def _institution_heads(clusters: list[Cluster]) -> None:
    """A person or place whose name ends in an institution word is an organisation."""
    for cl in clusters:
        if cl.label in ("PER", "LOC") and not cl.group and " " in (name := cl.name):
            tail = name.split()[-1].rsplit("-", 1)[-1].casefold()
            if tail in _ORG_TAILS:
                cl.label = "ORG"


def _elect(clusters: list[Cluster]) -> None:
    for cl in clusters:
        cl.label = max(cl.votes, key=lambda lab: (cl.votes[lab], lab != "MISC"))


def _coordinate(cands: list[Cand], texts: list[str], of: dict[int, Cluster]) -> None:
    """Members of one list share a type ("Cape Town, Johannesburg and Durban"): a model-only
    cluster gets a vote for each other member's type; labels are then elected again."""
    chains: list[list[Cand]] = []
    last: dict[int, list[Cand]] = {}  # id(cand) -> the chain it ends
    for a, b in coordination_pairs([c for c in cands if id(c) in of], texts):
        chain = last.pop(id(a), None)
        if chain is None:
            chain = [a]
            chains.append(chain)
        chain.append(b)
        last[id(b)] = chain
    extra: dict[int, list[str]] = {}
    for chain in chains:
        members = list({id(of[id(c)]): of[id(c)] for c in chain}.values())
        for cl in members:
            extra.setdefault(id(cl), []).extend(o.label for o in members
                                                if o is not cl and o.label != "MISC" and _backed(o))
    touched = []
    for cl in {id(x): x for x in of.values()}.values():
        if extra.get(id(cl)) and cl.label != "MISC" and not _backed(cl):
            for lab in extra[id(cl)]:
                cl.votes[lab] += COORD_WEIGHT
            touched.append(cl)
    _elect(touched)


def _backed(cl: Cluster) -> bool:
    """A rule (gazetteer, title pattern, org phrase) found the cluster: its type is reliable."""
    return any(c.source in ("gazetteer", "title", "phrase") for c in cl.cands)


def _merge_acronyms(clusters: list[Cluster], cands: list[Cand], texts: list[str]) -> list[Cluster]:
    """"Full Name (ACR)" / "ACR (Full Name)": the acronym's cluster joins the full name's."""
    owner = {id(c): cl for cl in clusters for c in cl.cands}
    by_name = {cl.name: cl for cl in clusters}
    moves: dict[int, Cluster] = {}
    for full, acr in acronym_links([c for c in cands if id(c) in owner], texts):
        target, src = owner[id(full)], by_name.get(acr)
        if src is not None and src is not target and len(target.name.split()) >= 2 \
                and id(target) not in moves:
            moves[id(src)] = target
    out = []
    for cl in clusters:
        t = moves.get(id(cl))
        if t is None or id(t) in moves:
            out.append(cl)
            continue
        t.cands += cl.cands
        t.merged += [*cl.forms, *cl.merged]
    return out


def _plausible(form: str, c: Cand) -> bool:
    if len(form) < 2 or not re.search(r"[^\W\d_]", form) or form[0] in "@#":
        return False  # no letters, or a social-media handle or hashtag
    if all(w.casefold().strip(",.") in _FUNCTION_WORDS for w in form.split()):
        return False  # "I, My", "Der"
    if c.source != "gazetteer" and not (form[0].isupper() or re.search(r"[A-ZÄÖÜ]", form[1:])):
        return False  # lower-case model output ("deutschen")
    return True


People = list[tuple[Cluster, list[str]]]  # multi-word PER clusters and their name's words


def _genitive_target(cl: Cluster, names: dict[str, Cluster], people: People) -> Cluster | None:
    n = cl.name
    for cut in (1, 2):
        if n.endswith("s") and len(n) - cut > 2:
            t = names.get(n[:-cut].casefold())
            if t is not None and t is not cl:
                return t
    return None


def _surname_target(cl: Cluster, names: dict[str, Cluster], people: People,
                    given: frozenset[str] = frozenset()) -> Cluster | None:
    n = cl.name
    if " " in n or cl.label not in ("PER", "MISC", "ORG", "LOC"):
        return None
    core = _POSSESSIVE.sub("", n)
    forms = (core, core[:-1] if core.endswith("s") else None)
    hits = [t for t, words in people if t is not cl and words[-1] in forms]
    if not hits and not cl.votes.get("gazetteer") and (cl.label in ("PER", "MISC") or n in given):
        # a first name alone ("Travis", "Donna") for the one person the article names so; a place
        # or organisation the model saw is none ("Gauteng" before a mislabelled "Gauteng Cogta")
        # unless it is a known given name the model mislabelled ("Rebecca" as a place)
        firsts = [t for t, words in people if t is not cl and words[0] in forms]
        hits = firsts if len(firsts) == 1 else []
    if not hits:
        return None
    if cl.label != "PER" and cl.votes.get("gazetteer"):
        return None  # a curated place/organisation that merely shares a word with a person
    return max(hits, key=lambda t: len(t.cands))


def _tail_target(cl: Cluster, names: dict[str, Cluster], people: People) -> Cluster | None:
    """"the Air Force" after "Ukraine's Air Force": the one qualified ORG it abbreviates."""
    if cl.label != "ORG":
        return None
    n = cl.name.casefold()
    tails = tuple(f"{q}s {n}" for q in "’'‘")  # the key ends in "’s " + n (keys have no newline)
    hits = [t for key, t in names.items() if t is not cl and t.label == "ORG" and key.endswith(tails)]
    return hits[0] if len(hits) == 1 else None


def _merge(clusters: list[Cluster], target_of) -> list[Cluster]:
    names = {cl.name.casefold(): cl for cl in clusters}
    people = [(t, name.split()) for t in names.values() if t.label == "PER" and " " in (name := t.name)]
    out = []
    moves = {}
    for cl in clusters:
        t = target_of(cl, names, people)
        if t is not None:
            moves[id(cl)] = t
    for cl in clusters:
        t = moves.get(id(cl))
        while t is not None and id(t) in moves:
            t = moves[id(t)]
        if t is None:
            out.append(cl)
            continue
        t.cands += cl.cands
        t.merged += [*cl.forms, *cl.merged]  # aliases, never the fullest name
    return out


def surfaces(cl: Cluster) -> list[str]:
    """Every distinct surface form and base form of the cluster, fullest name first."""
    seen = [cl.name]
    for f in [*cl.forms, *cl.merged, *(c.text for c in cl.cands)]:
        f = " ".join(f.split())
        if f not in seen:
            seen.append(f)
    return seen
