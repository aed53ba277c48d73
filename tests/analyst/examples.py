"""docs/example_queries.md: every ```sql block is run against the sample database and the table
between the <!-- output --> markers after it is its result. Like golden files: regenerate after
an intended change (new extraction, new sample pages) and read the diff.

    .venv/bin/python -m tests.analyst.examples            # rewrite the outputs, print the diff
    .venv/bin/python -m tests.analyst.examples --check    # only show the diff
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import duckdb

from flows.settings import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "docs" / "example_queries.md"
BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```\n(?P<between>.*?)<!-- output -->\n(?P<out>.*?)<!-- /output -->",
                   re.S)


def cell(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return str(value).replace("|", "\\|").replace("\n", " ")


def result_table(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    rows = cur.fetchall()
    lines = ["| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    if not rows:
        lines.append("| " + " | ".join("" for _ in names) + " |")
    return "\n".join(lines) + f"\n\n{len(rows)} row{'s' if len(rows) != 1 else ''}\n"


def render(text: str, con: duckdb.DuckDBPyConnection) -> str:
    """The document with every output region replaced by its query's current result."""
    def one(m: re.Match) -> str:
        return (f"```sql\n{m['sql']}```\n{m['between']}<!-- output -->\n"
                f"{result_table(con, m['sql'])}<!-- /output -->")
    return BLOCK.sub(one, text)


def queries(text: str) -> list[str]:
    return [m["sql"] for m in BLOCK.finditer(text)]


def rendered_for(db_path: Path) -> str:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return render(EXAMPLES.read_text(encoding="utf-8"), con)
    finally:
        con.close()


def main(argv: list[str]) -> int:
    from tests.analyst.sample_db import build_sample_db

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sample.duckdb"
        for warning in build_sample_db(path):
            print(f"warning: {warning}", file=sys.stderr)
        new = rendered_for(path)
    old = EXAMPLES.read_text(encoding="utf-8")
    sys.stdout.writelines(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                               str(EXAMPLES), f"{EXAMPLES} (new)", n=1))
    if "--check" in argv:
        return int(new != old)
    EXAMPLES.write_text(new, encoding="utf-8")
    print(f"{EXAMPLES} {'rewritten' if new != old else 'unchanged'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
