"""Evidence across the articles of one run: one name, one type and one id.

Each article's entities come from its own text (`analyze_entities`). A run holds many articles, and
a name the rules found with confidence in several of them says something about its weaker
mentions elsewhere:

- **type**: a name typed differently across articles ("Durban" a place in three articles, an
  organisation in one) takes the type most of its articles give it, so it is one entity (one key,
  one id) in the run. Only a clear majority decides (more articles than all other types together).
- **surname**: a lone word the article typed as a person ("Scholz") is the run's person with that
  surname when the run names exactly one such person in full, in at least `min_articles` articles.
- **support**: a guess an article's own rules turned down as too weak (a one-word model guess,
  a name only in a caption or headline; `analyze_entities(..., rejected=...)` lists them) is kept
  when another article of the run keeps that name as an entity.

Pure and order-independent: the result depends on the set of articles, not their order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from transforms.entities.analyze import ArticleEntity, entity_key


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def reconcile_run(articles: Sequence[Sequence[ArticleEntity]], min_articles: int = 2,
                  rejected: Sequence[Sequence[ArticleEntity]] | None = None) -> list[list[ArticleEntity]]:
    """The articles' entities with types and surnames settled over the whole run, plus the
    `rejected` guesses of each article (parallel to `articles`) that other articles support."""
    if rejected is not None:
        kept = Counter(n for ents in articles for n in {_fold(e.name) for e in ents})
        articles = [[*ents, *_supported(ents, rej, kept)] for ents, rej in zip(articles, rejected, strict=True)]
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for ents in articles:
        for t, name in {(e.type, _fold(e.name)) for e in ents}:
            types[name][t] += 1
    settled: dict[str, str] = {}
    for name, votes in types.items():
        if len(votes) > 1:
            (top, n), *_ = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
            if n > sum(votes.values()) - n:
                settled[name] = top
    # full names of people, by their last word, seen in at least min_articles articles
    people: dict[str, set[str]] = defaultdict(set)
    for name, votes in types.items():
        words = name.split()
        if len(words) >= 2 and votes["PER"] >= min_articles and settled.get(name, "PER") == "PER":
            people[words[-1]].add(name)
    full: dict[str, str] = {}  # folded full name -> its most common spelling
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for ents in articles:
        for e in ents:
            spellings[_fold(e.name)][e.name] += 1
    for forms in people.values():
        for f in forms:
            full[f] = spellings[f].most_common(1)[0][0]
    out = []
    for ents in articles:
        changed: list[ArticleEntity] = []
        for e in ents:
            name = _fold(e.name)
            type_ = settled.get(name, e.type)
            target = people.get(name) if " " not in name and type_ == "PER" else None
            if target is not None and len(target) == 1:
                (f,) = target
                e = replace(e, name=full[f], aliases=tuple(sorted({*e.aliases, e.name})))
            if type_ != e.type or e.key != entity_key(type_, e.name):
                e = replace(e, type=type_, key=entity_key(type_, e.name))
            changed.append(e)
        out.append(_merge_same_key(changed))
    return out


def _supported(ents: Sequence[ArticleEntity], rejected: Sequence[ArticleEntity],
               kept: Counter[str]) -> list[ArticleEntity]:
    """The article's turned-down guesses whose name another article keeps (`kept` counts, per
    folded name, the articles keeping it: this one keeps none of them, so any count is another's)."""
    mine = {_fold(e.name) for e in ents}
    out: dict[str, ArticleEntity] = {}
    for e in rejected:
        name = _fold(e.name)
        if kept[name] and name not in mine:
            out.setdefault(name, e)
    return list(out.values())


def _merge_same_key(ents: list[ArticleEntity]) -> list[ArticleEntity]:
    """Two entities of one article that now share a key ("Scholz" renamed to the "Olaf Scholz" the
    article also names) are one: counts added, the first position kept."""
    by_key: dict[str, ArticleEntity] = {}
    for e in ents:
        if e.key not in by_key:
            by_key[e.key] = e
            continue
        a = by_key[e.key]
        firsts = [o for o in (a.first_offset, e.first_offset) if o is not None]
        by_key[e.key] = replace(
            a, aliases=tuple(sorted({*a.aliases, *e.aliases} - {a.name})),
            mention_count=a.mention_count + e.mention_count, first_offset=min(firsts) if firsts else None,
            in_title=a.in_title or e.in_title, in_lead=a.in_lead or e.in_lead,
            caption_mentions=a.caption_mentions + e.caption_mentions)
    return list(by_key.values())
