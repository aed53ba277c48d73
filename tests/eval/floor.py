"""The quality gate: scores on the dev corpus may only move up.

    .venv/bin/python -m tests.eval.floor SCORES.json...           # compare scores with baseline.json
    .venv/bin/python -m tests.eval.floor SCORES.json... --update  # raise the floors to SCORES.json
    .venv/bin/python -m tests.eval.floor SCORES.json... --update --allow-lower   # lower one on purpose

SCORES.json is score.py's --out file; more files are merged into it: tests/eval/publisher-scores.json
(macro over publishers, tests/eval/publishers.py) and tests/eval/entities-lpo.json (the entity
harness on the gold pages, dev and leave-publisher-out). Metrics named in LOWER_IS_BETTER are ceilings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "baseline.json"
GROUPS = ("all", "language=de", "language=en", "seed",
          "publisher_macro:all", "publisher_macro:de", "publisher_macro:en",
          "entities_dev:all", "entities_dev:de", "entities_dev:en",
          "entities_lpo:all", "entities_lpo:de", "entities_lpo:en")
METRICS = (
    "body_f1", "body_strict_f1", "title_near", "authors_r", "date_match", "cap_struct", "cap_in_text",
    "credit", "img_url", "quote_f1", "speaker_acc", "quote_speaker_f1", "ent_f1", "ent_typed_f1",
    "ent_ORG_f1", "cap_f1", "credit_acc", "photographer_acc", "agency_acc", "boilerplate_leaks", "caption_duplicates",
)
LOWER_IS_BETTER = {"boilerplate_leaks", "caption_duplicates"}
TOLERANCE = 0.002  # scorer rounding; a real regression is larger


def tracked(scores: dict) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for group in GROUPS:
        values = scores.get(group) or {}
        out[group] = {m: round(float(values[m]), 4) for m in METRICS if isinstance(values.get(m), (int, float))}
    return out


def regressions(scores: dict, baseline: dict, groups: tuple[str, ...] | None = None) -> list[str]:
    """Floors broken by `scores`; only the baseline groups named in `groups` when given."""
    now = tracked(scores)
    bad = []
    for group, floors in baseline.items():
        if groups is not None and group not in groups:
            continue
        for metric, floor in floors.items():
            value = now.get(group, {}).get(metric)
            if value is None:
                bad.append(f"{group}.{metric}: missing (floor {floor})")
            elif metric in LOWER_IS_BETTER and value > floor + TOLERANCE:
                bad.append(f"{group}.{metric}: {value} above ceiling {floor}")
            elif metric not in LOWER_IS_BETTER and value < floor - TOLERANCE:
                bad.append(f"{group}.{metric}: {value} below floor {floor}")
    return bad


def main(argv: list[str]) -> int:
    scores: dict = {}
    for name in (a for a in argv if not a.startswith("--")):
        scores.update(json.loads(Path(name).read_text()))
    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    bad = regressions(scores, baseline)
    if "--update" not in argv:
        print("\n".join(bad) or "all scores at or above their floors")
        return 1 if bad else 0
    if bad and "--allow-lower" not in argv:
        print("refusing to lower floors (pass --allow-lower to do it on purpose):\n" + "\n".join(bad))
        return 1
    new = tracked(scores)
    if "--allow-lower" not in argv:  # keep the better of old and new for every metric
        for group, floors in baseline.items():
            for metric, floor in floors.items():
                cur = new.setdefault(group, {}).get(metric)
                better = min if metric in LOWER_IS_BETTER else max
                new[group][metric] = floor if cur is None else better(cur, floor)
    BASELINE.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
    print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
