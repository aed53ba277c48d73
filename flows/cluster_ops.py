"""`make cluster` / `make cluster-stop`: a Dask scheduler and N workers on this machine, in the background.

The same commands run on real machines (see the README): `dask scheduler` on one host, `dask worker
tcp://HOST:8786` on the others, each with this project's venv. Here they run from `.venv/bin/dask`
on 127.0.0.1, pid files and logs under data/ like `make serve`. Workers get one thread each
(extraction holds the GIL; one process per core is the parallelism) and a local cache for pages of a
remote raw store.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from flows.background import alive, read_pid, spawn, stop_all, wait_for

SCHEDULER_PID, WORKERS_PID = "dask-scheduler.pid", "dask-workers.pid"
# Dask settings for extraction workers (as environment variables, so `dask worker` on any machine
# takes them the same way). The statistical profiler samples every thread's stack every 10 ms, the
# event loop wakes every 20 ms to time itself and the system monitor (dashboard statistics) reads
# psutil every 500 ms; with one GIL-bound extraction thread per process, each costs CPU per page
# (measured with `make bench CLUSTER=1`, README "Benchmarks"). The memory monitor that pauses or
# restarts a worker keeps its default.
WORKER_ENV = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
              "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "500ms",
              "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "2s"}
WHO = ("make cluster", "make cluster-stop")  # the command that failed, the one that cleans up


def _workers_up(address: str, n: int) -> bool:
    from distributed import Client

    with Client(address, timeout=5, set_as_default=False) as client:
        return len(client.scheduler_info(n_workers=-1)["workers"]) >= n


def start(data_dir: Path, host: str, port: int, workers: int, timeout: float = 120.0) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    running = [f for f in (SCHEDULER_PID, WORKERS_PID) if (pid := read_pid(data_dir / f)) and alive(pid)]
    if running:
        raise SystemExit(f"make cluster: already running ({', '.join(running)} in {data_dir}); "
                         "`make cluster-stop` first")
    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://{host}:{port}"
    env = {**os.environ, **WORKER_ENV, "NEWS_WORKER_CACHE": str((data_dir / "worker-cache").resolve())}
    sched_log, work_log = data_dir / "dask-scheduler.log", data_dir / "dask-workers.log"
    pid = spawn([dask, "scheduler", "--host", host, "--port", str(port), "--no-dashboard"], sched_log,
                data_dir / SCHEDULER_PID, env)
    wait_for(lambda: _workers_up(address, 0), "the Dask scheduler", timeout, pid, sched_log, *WHO)
    pid = spawn([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--no-dashboard",
                  "--local-directory", str((data_dir / "dask-worker-space").resolve())], work_log,
                 data_dir / WORKERS_PID, env)
    wait_for(lambda: _workers_up(address, workers), f"{workers} Dask worker(s)", timeout, pid, work_log, *WHO)
    print(f"Dask scheduler {address} with {workers} worker(s) (logs {sched_log}, {work_log}); "
          f"run with `news-etl run --cluster {address}`; `make cluster-stop` ends them")


def stop(data_dir: Path, timeout: float = 30.0) -> None:
    stop_all(data_dir, (WORKERS_PID, SCHEDULER_PID), timeout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m flows.cluster_ops", description="make cluster / make cluster-stop")
    p.add_argument("action", choices=("start", "stop"))
    p.add_argument("--data-dir", default="data", type=Path, help="where pid files and logs go")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default=8786, type=int)
    p.add_argument("--workers", default=2, type=int)
    p.add_argument("--timeout", default=120.0, type=float, help="seconds to wait for each process to be ready")
    args = p.parse_args(argv)
    if args.action == "start":
        start(args.data_dir, args.host, args.port, args.workers, args.timeout)
    else:
        stop(args.data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
