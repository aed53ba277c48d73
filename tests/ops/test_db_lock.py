"""Two processes on one DuckDB file: the second waits a bounded time (--wait / NEWS_DB_WAIT), then
exits with one clear line, and the file stays intact."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import sample_pages

HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS held AS SELECT 42 AS answer")
print("holding", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


def _cli(*args, env):
    exe = Path(sys.executable).with_name("news-etl")
    return subprocess.Popen([str(exe), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_second_process_waits_then_gives_up_cleanly(tmp_path):
    db = tmp_path / "news.duckdb"
    env = {**os.environ, "NEWS_NER": "false", "PREFECT_HOME": str(tmp_path / "prefect")}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        page = str(sample_pages()[0])
        procs = {
            "run": _cli("run", "--source", page, "--db", str(db), "--wait", "1", env=env),
            "backfill": _cli("backfill", "--start", "2024-01-01", "--end", "2024-01-02", "--source", page,
                             "--db", str(db), env={**env, "NEWS_DB_WAIT": "0.5"}),
            "reprocess": _cli("reprocess", "--db", str(db), "--wait", "0", env=env),
        }
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 2, (name, out, err)
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in err, (name, err)
            assert "is in use by another process" in lines[0] and str(db) in lines[0], (name, err)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    with duckdb.connect(str(db), read_only=True) as con:  # intact, with the holder's data
        assert con.execute("SELECT answer FROM held").fetchall() == [(42,)]
