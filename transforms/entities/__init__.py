"""Named entities: the model interface, gazetteer, rules, organisations, votes and canonical names."""

from transforms.entities.analyze import (
    ArticleEntity,
    Gazetteer,
    NerModel,
    SpacyNer,
    analyze_entities,
    build_gazetteer,
    canonical_entity,
    ner_inputs,
    parse_gazetteer_csv,
    parse_word_list_csv,
)
from transforms.entities.run import reconcile_run

__all__ = [
    "ArticleEntity",
    "Gazetteer",
    "NerModel",
    "SpacyNer",
    "analyze_entities",
    "build_gazetteer",
    "canonical_entity",
    "ner_inputs",
    "parse_gazetteer_csv",
    "parse_word_list_csv",
    "reconcile_run",
]
