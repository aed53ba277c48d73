"""The training script's mix option: parsed as the card records it, and the evaluation split refused."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_ner_de.py"


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("train_ner_de", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_mix_is_files_with_weights_and_the_suffix_may_be_left_off(train):
    assert train.parse_mix("germeval2014-test=2, mobie-dev.conll=0.5,smartdata-test") == [
        ("germeval2014-test.conll", 2.0), ("mobie-dev.conll", 0.5), ("smartdata-test.conll", 1.0)]


@pytest.mark.parametrize("name", ["germeval2014-dev", "uner-de_pud-test", "smartdata-dev"])
def test_the_evaluation_and_monitoring_files_are_never_trained_on(train, name, tmp_path):
    with pytest.raises(ValueError, match="evaluation or monitoring"):
        train.build_docbins(tmp_path, tmp_path / "work", 0, train.parse_mix(f"{name}=1"))
