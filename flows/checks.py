"""Data checks: every query in sql/checks/ returns bad rows; the counts go to check_results."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from flows.io import db

_SEVERITY = re.compile(r"--\s*severity:\s*(error|warn)", re.I)


@dataclass(frozen=True)
class CheckResult:
    check: str
    severity: str
    rows: int
    sample: list[dict]

    @property
    def failed(self) -> bool:
        return self.rows > 0


def run_checks(con: duckdb.DuckDBPyConnection, sql_dir: Path, run_id: str) -> list[CheckResult]:
    results = []
    for path in sorted((sql_dir / "checks").glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        m = _SEVERITY.search(sql)
        severity = m.group(1).lower() if m else "error"
        query = sql.strip().rstrip(";")
        # a check is a query that returns bad rows; its count and a sample are taken around it
        rows = db.execute(con, f"SELECT count(*) FROM ({query})")[0][0]
        cur = con.execute(f"SELECT * FROM ({query}) LIMIT 5")
        cols = [d[0] for d in cur.description]
        sample = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        results.append(CheckResult(path.stem, severity, int(rows), sample))
    now = datetime.now(UTC)
    with db.transaction(con):
        for r in results:
            db.run_sql(con, sql_dir, "load/check_result.sql", params={
                "run_id": run_id, "check": r.check, "severity": r.severity, "rows": r.rows,
                "sample": json.dumps(r.sample, default=str), "at": now})
    return results
