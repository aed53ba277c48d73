"""The dev corpus through the real flow, scored by ../shared/tools/score.py, against the floors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import SHARED
from tests.eval.floor import BASELINE, GROUPS, regressions
from tests.eval.publishers import ROOT, floor_groups, page_rows, publisher_scores

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
    scores = json.loads(out.read_text())
    # the macro over publishers: what a site the rules were not written on should expect
    score, rows, missing = page_rows(SHARED, db)
    scores.update(floor_groups(publisher_scores(score, rows, missing)))
    groups = tuple(g for g in GROUPS if not g.startswith("entities_"))
    bad = regressions(scores, json.loads(BASELINE.read_text()), groups)
    assert bad == [], "quality dropped below the floor:\n" + "\n".join(bad)


@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared is not here")
def test_entity_harness_dev_and_leave_publisher_out_stay_above_their_floors(tmp_path):
    out = tmp_path / "entities-lpo.json"
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "eval" / "entities_dev.py"),
                           "--shared", str(SHARED), "--lpo-out", str(out)],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    groups = tuple(g for g in GROUPS if g.startswith("entities_"))
    bad = regressions(json.loads(out.read_text()), json.loads(BASELINE.read_text()), groups)
    assert bad == [], "quality dropped below the floor:\n" + "\n".join(bad)
