"""The run report: key numbers, rejects by reason, table counts and check results, as markdown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def run_report(run_id: str, counts: Mapping[str, object], table_rows: Mapping[str, int],
               rejects_by_reason: Sequence[tuple[str, str, int]],
               checks: Sequence[tuple[str, str, int]]) -> str:
    """`rejects_by_reason`: (stage, reason, n); `checks`: (name, severity, bad rows)."""
    lines = [f"# news-etl run `{run_id}`", "", "| measure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in counts.items()]
    lines += ["", "## Rows per table", "", "| table | rows |", "| --- | ---: |"]
    lines += [f"| {t} | {n} |" for t, n in table_rows.items()]
    lines += ["", "## Rejects by reason", ""]
    if rejects_by_reason:
        lines += ["| stage | reason | pages |", "| --- | --- | ---: |"]
        lines += [f"| {s} | {r} | {n} |" for s, r, n in rejects_by_reason]
    else:
        lines.append("No rejects.")
    lines += ["", "## Data checks", "", "| check | severity | bad rows | |", "| --- | --- | ---: | --- |"]
    for name, severity, n in checks:
        mark = "ok" if n == 0 else ("FAILED" if severity == "error" else "warning")
        lines.append(f"| {name} | {severity} | {n} | {mark} |")
    return "\n".join(lines) + "\n"
