"""A `news-etl run` killed with SIGKILL leaves Prefect's temporary server behind (Prefect stops it
from an atexit hook, which SIGKILL skips); the run recorded it, and the next one stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from flows import reaper
from tests.conftest import ROOT, sample_pages
from tests.reliability import proctree

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")


def test_the_next_run_stops_the_server_a_killed_run_left(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    run = subprocess.Popen([str(ROOT / ".venv" / "bin" / "news-etl"), "run", "--source", str(sample_pages()[0]),
                            "--db", str(data / "news.duckdb")], cwd=tmp_path, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    for _ in range(1200):  # until the server is up and recorded (a fresh PREFECT_HOME migrates first)
        servers = [p for p in proctree.descendants(run.pid) if reaper.SERVER_HINT in proctree.cmdline(p)]
        if servers and (data / reaper.PID_FILE).exists() and str(servers[0]) in (data / reaper.PID_FILE).read_text():
            server = servers[0]
            break
        assert run.poll() is None, "the run ended before its server was seen"
        time.sleep(0.1)
    assert server is not None
    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(0.5)
    assert proctree.alive(server)  # the orphan Prefect leaves
    assert reaper.reap_stale(data) == [server]
    for _ in range(50):
        if not proctree.alive(server):
            break
        time.sleep(0.1)
    assert not proctree.alive(server)
    assert not (data / reaper.PID_FILE).exists()
