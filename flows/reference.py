"""Reference data from seeds/ read once per run and handed to the pure transforms."""

from __future__ import annotations

import csv
from pathlib import Path

from transforms.structure import AgencyTable


def load_agencies(seeds_dir: Path) -> AgencyTable:
    with (seeds_dir / "agencies.csv").open(encoding="utf-8", newline="") as fh:
        return AgencyTable.from_rows(csv.DictReader(fh))
