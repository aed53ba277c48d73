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
]
