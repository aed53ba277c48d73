"""transforms/ is pure: it never imports orchestration, databases, HTTP or settings."""

import ast
from pathlib import Path

FORBIDDEN = {"prefect", "duckdb", "httpx", "flows", "os", "requests", "pydantic_settings"}
ROOT = Path(__file__).resolve().parent.parent


def test_transforms_import_nothing_impure():
    bad = []
    for path in (ROOT / "transforms").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            bad += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert bad == []
