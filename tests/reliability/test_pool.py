"""The worker supervisor on real processes: a dead, stuck or bloated worker costs one page."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from flows.pool import PoolLimits, WorkerPool
from tests.reliability import workfns

CTX = multiprocessing.get_context("forkserver")


def pool(tmp_path: Path, workers: int = 2, **limits) -> WorkerPool:
    return WorkerPool(CTX, workers, workfns.setup, workfns.work, str(tmp_path), workfns.url_of,
                      PoolLimits(**limits))


def outcome(results) -> dict[str, str]:
    return {r.url: (r.reject.reason if r.reject else "ok") for r in results}


def test_a_crashing_page_is_retried_once_then_rejected_and_the_rest_runs(tmp_path: Path) -> None:
    jobs = [f"p{i}:ok" for i in range(12)] + ["bad:crash", "flaky:crash-once"] + [f"q{i}:ok" for i in range(12)]
    p = pool(tmp_path)
    try:
        results = p.map(jobs)
    finally:
        p.close()
    got = outcome(results)
    assert [r.url for r in results] == [workfns.url_of(j) for j in jobs]  # in order, one each
    assert got["bad"] == "worker_crash" and got["flaky"] == "ok"
    assert Counter(got.values()) == Counter({"ok": 25, "worker_crash": 1})
    assert p.stats["crashed"] == 3  # bad twice, flaky once


def test_a_stuck_page_times_out_and_a_bloated_worker_is_killed(tmp_path: Path) -> None:
    jobs = ["a:ok", "stuck:sleep", "b:ok", "fat:hog", "c:ok"]
    p = pool(tmp_path, page_timeout=3, memory_mb=400)
    try:
        got = outcome(p.map(jobs))
        assert got == {"a": "ok", "stuck": "timeout", "b": "ok", "fat": "worker_memory", "c": "ok"}
        assert outcome(p.map(["d:ok"])) == {"d": "ok"}  # the pool carries on after kills
    finally:
        p.close()


def test_workers_are_recycled_after_n_pages(tmp_path: Path) -> None:
    p = pool(tmp_path, recycle_after=3)
    try:
        results = p.map([f"p{i}:ok" for i in range(10)])
    finally:
        p.close()
    per_pid = Counter(r.article["pid"] for r in results)
    assert max(per_pid.values()) <= 3 and len(per_pid) >= 4
    assert p.stats["recycled"] >= 3


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] not in "ZX"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_killed_parent_leaves_no_worker_behind(tmp_path: Path) -> None:
    """SIGKILL the process that owns the pool while its workers are busy: they go with it."""
    script = textwrap.dedent(f"""
        import multiprocessing, sys
        from flows.pool import WorkerPool, PoolLimits
        from tests.reliability import workfns
        ctx = multiprocessing.get_context("forkserver")
        p = WorkerPool(ctx, 2, workfns.setup, workfns.work, {str(tmp_path)!r}, workfns.url_of, PoolLimits())
        p.map(["warm:ok", "warm2:ok"])
        print(" ".join(str(w.proc.pid) for w in p.workers), flush=True)
        p.map(["s1:sleep", "s2:sleep"])
    """)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=root,
                            env={**os.environ, "PYTHONPATH": str(root)})
    pids = [int(x) for x in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for _ in range(100):  # the kernel delivers the parent-death signal asynchronously
        if not any(alive(pid) for pid in pids):
            break
        time.sleep(0.1)
    assert not [pid for pid in pids if alive(pid)]
