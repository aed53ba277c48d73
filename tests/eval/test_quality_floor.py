"""The dev corpus through the real flow, scored by ../shared/tools/score.py, against the floors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED
from tests.eval.floor import BASELINE, regressions

DEV = SHARED / "corpus" / "dev"
SCORER = SHARED / "tools" / "score.py"
SEED = SHARED / "mission" / "seed-article.gold.json"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DEV.is_dir() and SCORER.exists()), reason="../shared/corpus/dev is not here"),
]


def test_dev_scores_stay_above_their_floors(prefect_harness, tmp_path):
    from flows.nightly import nightly
    from tests.conftest import SAMPLE_DIR

    db = tmp_path / "dev.duckdb"
    nightly(sources=[str(DEV), str(SAMPLE_DIR / "seed-diplomaten-genf.html")], db_path=str(db))
    out = tmp_path / "scores.json"
    proc = subprocess.run([sys.executable, str(SCORER), "--truth", str(DEV), "--seed", str(SEED),
                           "--duckdb", str(db), "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    bad = regressions(json.loads(out.read_text()), json.loads(BASELINE.read_text()))
    assert bad == [], "quality dropped below the floor:\n" + "\n".join(bad)
