"""The sample database (seeds/sample/ through the pipeline's extraction and load), built once."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.analyst.sample_db import build_sample_db

    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    build_sample_db(path)
    return path
