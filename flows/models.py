"""Loading the NER models and the gazetteer: once per worker process, never per article."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from transforms.entities import NerModel, SpacyNer, build_gazetteer, parse_gazetteer_csv, parse_word_list_csv
from transforms.page import Nlp

COMMON_NOUNS_DE = "common_nouns_de.csv"
FIRST_NAMES = "first_names.csv"
COMMON_WORDS_EN = "common_words_en.csv"


class ModelError(RuntimeError):
    """A configured model cannot be loaded; the message says how to fix it."""


def _is_path(name: str) -> bool:
    return "/" in name or name.startswith(".")


def check_model(name: str, language: str) -> None:
    """Fail fast, before any page is fetched, when a configured model is not installed."""
    import importlib.util

    if _is_path(name):
        if not (Path(name) / "meta.json").exists():
            raise ModelError(f"NER model for {language!r} not found at {name} "
                             f"(train it with `make train-ner-de`, or set NEWS_NER_MODEL_{language.upper()})")
    elif importlib.util.find_spec(name) is None:
        raise ModelError(f"NER model {name!r} for {language!r} is not installed: `pip install` the "
                         f"package that provides it into .venv, or set NEWS_NER_MODEL_{language.upper()}")


@lru_cache(maxsize=4)
def load_nlp(model_de: str, model_en: str, gazetteer_csv: str) -> Nlp:
    import spacy

    models: dict[str, NerModel] = {}
    for lang, name in (("de", model_de), ("en", model_en)):
        if not name:
            continue
        check_model(name, lang)
        try:
            models[lang] = SpacyNer(spacy.load(name))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load NER model {name!r} for {lang!r}: {exc}") from exc
    text = Path(gazetteer_csv).read_text(encoding="utf-8") if gazetteer_csv else ""
    # the word lists live next to the gazetteer (seeds/common_nouns_de.csv, first_names.csv, common_words_en.csv)
    nouns, given, words_en = (_word_list(Path(gazetteer_csv).with_name(name)) if gazetteer_csv else frozenset()
                              for name in (COMMON_NOUNS_DE, FIRST_NAMES, COMMON_WORDS_EN))
    return Nlp(models=models, gazetteer=build_gazetteer(parse_gazetteer_csv(text)), common_nouns=nouns,
               given_names=given, common_words_en=words_en)


def _word_list(path: Path) -> frozenset[str]:
    return parse_word_list_csv(path.read_text(encoding="utf-8")) if path.exists() else frozenset()
