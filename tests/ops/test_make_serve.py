"""`make serve` against a real local Prefect server: what the Makefile target runs
(`python -m flows.serve start`), with its state, pid files and logs in a temporary folder, then
`make stop`'s `python -m flows.serve stop`. The served deployment carries the nightly schedule."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from flows.settings import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or " Z" not in stat.read_text().split(")", 1)[1][:3]


@pytest.mark.slow
def test_serve_starts_server_and_deployment_then_stops(tmp_path):
    port = _free_port()
    data = tmp_path / "data"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-server"), "NEWS_DB": str(tmp_path / "news.duckdb")}
    env.pop("PREFECT_API_URL", None)
    cmd = [sys.executable, "-m", "flows.serve"]
    pids: list[int] = []
    try:
        started = subprocess.run([*cmd, "start", "--data-dir", str(data), "--port", str(port), "--timeout", "150"],
                                 env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=400)
        pids = [int((data / f).read_text()) for f in ("prefect-server.pid", "serve.pid") if (data / f).exists()]
        assert started.returncode == 0, started.stdout + started.stderr
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        dep = httpx.get(f"http://127.0.0.1:{port}/api/deployments/name/nightly/nightly", timeout=10).json()
        [sched] = dep["schedules"]
        assert (sched["schedule"]["cron"], sched["schedule"]["timezone"]) == ("0 2 * * *", "Europe/Berlin")
        assert dep["parameters"]["db_path"] == str(tmp_path / "news.duckdb")
        assert dep["paused"] is False and sched["active"] is True  # the scheduler will create its runs
    finally:
        stopped = subprocess.run([*cmd, "stop", "--data-dir", str(data)], env=env, cwd=PROJECT_ROOT,
                                 capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 0, stopped.stderr
    assert not any(_alive(p) for p in pids)
    assert not list(data.glob("*.pid"))
