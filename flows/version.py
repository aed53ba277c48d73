"""The extractor version: a fingerprint of everything that changes what extraction produces.

`articles.extractor_version` holds it, and `news-etl reprocess --outdated` selects the pages an older
extractor produced, so it must change whenever the output can: the code under `transforms/`, the word
lists under `seeds/`, the NER models, and the versions of the libraries extraction runs on. It is
computed, never typed by hand: `0.1.0+<12 hex digits>`, where 0.1.0 is the project's release.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

import transforms
from flows.settings import Settings

RELEASE = "0.1.0"
# Libraries whose upgrade can change extraction output.
LIBRARIES = ("trafilatura", "lxml", "spacy", "courlan", "charset-normalizer", "htmldate", "justext")


def _files(root: Path, patterns: Iterable[str]) -> list[Path]:
    found = (p for pattern in patterns for p in root.rglob(pattern))
    return sorted(p for p in found if p.is_file() and "__pycache__" not in p.parts)


def fingerprint(code_dir: Path, seeds_dir: Path, models: Iterable[str], libraries: Iterable[str] = LIBRARIES,
                extra: str = "") -> str:
    """Hash of the extraction code, the word lists, the models (a folder: its files; a package
    name: its installed version), the library versions and `extra` (options that change output)."""
    h = hashlib.sha256(extra.encode())

    def add(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    for p in _files(code_dir, ["*.py"]):
        add(f"code:{p.relative_to(code_dir).as_posix()}", p.read_bytes())
    for p in _files(seeds_dir, ["*.csv"]):  # word lists and reference tables; sample pages are no input
        if p.parent == seeds_dir:
            add(f"seeds:{p.name}", p.read_bytes())
    for model in models:
        path = Path(model)
        if not model:
            continue
        if path.is_dir():
            for p in _files(path, ["*"]):
                add(f"model:{path.name}/{p.relative_to(path).as_posix()}", p.read_bytes())
        else:
            add(f"model:{model}", _installed(model).encode())
    for lib in libraries:
        add(f"lib:{lib}", _installed(lib).encode())
    return h.hexdigest()[:12]


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@cache
def _version(seeds_dir: Path, models: tuple[str, ...], options: str) -> str:
    digest = fingerprint(Path(transforms.__file__).parent, seeds_dir, models, extra=options)
    return f"{RELEASE}+{digest}"


def extractor_version(settings: Settings) -> str:
    """The version the configured extractor stamps on its articles (computed once per process)."""
    models = (settings.ner_model_de, settings.ner_model_en) if settings.ner else ()
    # settings that change what extraction outputs: the minimum length and the page budgets
    options = repr((settings.min_words, settings.page_budget()))
    return _version(settings.seeds_dir, models, options)
