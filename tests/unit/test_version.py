"""The extractor version is computed from what changes extraction output, never typed by hand."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import transforms
from flows.version import fingerprint

ROOT = Path(__file__).resolve().parents[2]


def test_version_follows_any_change_under_transforms_and_comes_back(tmp_path):
    code = tmp_path / "transforms"
    shutil.copytree(Path(transforms.__file__).parent, code, ignore=shutil.ignore_patterns("__pycache__"))
    seeds = ROOT / "seeds"
    before = fingerprint(code, seeds, [])
    target = code / "quotes" / "marks.py"
    original = target.read_text()
    target.write_text(original + "\n# a comment is a change too\n")
    changed = fingerprint(code, seeds, [])
    target.write_text(original)
    assert changed != before
    assert fingerprint(code, seeds, []) == before


def test_version_follows_word_lists_and_models(tmp_path):
    code = Path(transforms.__file__).parent
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "agencies.csv").write_text("name\ndpa\n")
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights").write_bytes(b"1")
    base = fingerprint(code, seeds, [str(model)])
    (seeds / "agencies.csv").write_text("name\ndpa\nAFP\n")
    assert fingerprint(code, seeds, [str(model)]) != base
    (seeds / "agencies.csv").write_text("name\ndpa\n")
    (model / "weights").write_bytes(b"2")
    assert fingerprint(code, seeds, [str(model)]) != base


def test_news_etl_version_prints_the_fingerprint():
    out = subprocess.run([sys.executable, "-m", "flows.cli", "version"], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert re.fullmatch(r"0\.1\.0\+[0-9a-f]{12}", out), out
