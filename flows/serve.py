"""The nightly deployment: its schedule, serving it from this machine, registering it elsewhere.

- `nightly_deployment(settings)`: the `nightly` deployment of the nightly flow, with the cron and
  time zone from settings (NEWS_SCHEDULE_CRON, NEWS_SCHEDULE_TZ) and the database and sources as
  parameters. One definition for both ways of running it:
- `news-etl serve`: serves it from this process (needs a real Prefect server, PREFECT_API_URL;
  the temporary ephemeral server cannot schedule). `make serve` starts a local server and this in
  the background (`python -m flows.serve start`), `make stop` stops both (`... stop`).
- `news-etl deploy --pool P`: registers it with a work pool on an existing server or Prefect
  Cloud; a worker (`prefect worker start --pool P`) then runs it. `prefect.yaml` does the same
  through `prefect deploy`.

The cron is read in the time zone, so it follows daylight saving time and fires once per day: on
the spring-forward day 02:00 does not exist in Europe/Berlin and the run starts at 03:00; on the
fall-back day it runs once, at the first 02:00.
"""

from __future__ import annotations

import argparse
import inspect
import os
import sys
from pathlib import Path

from flows.background import alive, read_pid, spawn, stop_all, wait_for
from flows.settings import PROJECT_ROOT, Settings

DEPLOYMENT = "nightly"
ENTRYPOINT = "flows/nightly.py:nightly"
SERVER_PID, SERVE_PID = "prefect-server.pid", "serve.pid"


def parameters(settings: Settings) -> dict:
    return {"sources": [str(settings.sources)], "db_path": str(settings.db.resolve())}


def schedule(settings: Settings):
    from prefect.schedules import Cron

    return Cron(settings.schedule_cron, timezone=settings.schedule_tz)


def nightly_deployment(settings: Settings):
    """The `nightly` deployment, served from this process (a RunnerDeployment; `.apply()` registers it)."""
    from flows.nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT, schedules=[schedule(settings)], parameters=parameters(settings),
        description="news-etl nightly: catch up every dated source from its watermark to today",
        tags=["news-etl"])


def api_url() -> str | None:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def serve(settings: Settings) -> None:
    """Serve the nightly deployment until interrupted (SIGTERM pauses it and drops its scheduled runs)."""
    from prefect import serve as prefect_serve

    prefect_serve(nightly_deployment(settings))


def deploy(settings: Settings, pool: str) -> str:
    """Register the nightly deployment with a work pool on the current PREFECT_API_URL (a server or
    Prefect Cloud); the code is pulled from this checkout. Returns the deployment id."""
    from prefect import flow

    remote = flow.from_source(source=str(PROJECT_ROOT), entrypoint=ENTRYPOINT)
    assert not inspect.isawaitable(remote)  # from a synchronous caller, from_source runs synchronously
    return str(remote.deploy(name=DEPLOYMENT, work_pool_name=pool, schedules=[schedule(settings)],
                             parameters=parameters(settings), tags=["news-etl"], build=False, push=False,
                             print_next_steps=False))


# -- make serve / make stop ----------------------------------------------------------------------

def start(data_dir: Path, host: str, port: int, timeout: float = 180.0) -> None:
    """Start a Prefect server (state in PREFECT_HOME) and `news-etl serve` in the background."""
    import httpx

    data_dir.mkdir(parents=True, exist_ok=True)
    running = [f for f in (SERVER_PID, SERVE_PID) if (pid := read_pid(data_dir / f)) and alive(pid)]
    if running:
        raise SystemExit(f"make serve: already running ({', '.join(running)} in {data_dir}); `make stop` first")
    api = f"http://{host}:{port}/api"
    env = {**os.environ, "PREFECT_API_URL": api, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", None)
    bin_dir = Path(sys.executable).parent
    server_log, serve_log = data_dir / "prefect-server.log", data_dir / "serve.log"
    pid = spawn([str(bin_dir / "prefect"), "server", "start", "--host", host, "--port", str(port)],
                server_log, data_dir / SERVER_PID, {k: v for k, v in env.items() if k != "PREFECT_API_URL"})
    wait_for(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, "the Prefect server",
             timeout, pid, server_log, "make serve", "make stop")
    pid = spawn([str(bin_dir / "news-etl"), "serve"], serve_log, data_dir / SERVE_PID, env)
    wait_for(lambda: httpx.get(f"{api}/deployments/name/nightly/{DEPLOYMENT}", timeout=2).status_code == 200,
             "news-etl serve", timeout, pid, serve_log, "make serve", "make stop")
    print(f"Prefect server: http://{host}:{port} (state in {os.environ.get('PREFECT_HOME', '~/.prefect')}, "
          f"log {server_log})")
    print(f"nightly deployment served (log {serve_log}); `make stop` stops both")


def stop(data_dir: Path, timeout: float = 30.0) -> None:
    """Stop what `start` started: the serve process first (it pauses its deployment), then the server."""
    stop_all(data_dir, (SERVE_PID, SERVER_PID), timeout)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m flows.serve", description="make serve / make stop")
    p.add_argument("action", choices=("start", "stop"))
    p.add_argument("--data-dir", default="data", type=Path, help="where pid files and logs go")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default=4200, type=int)
    p.add_argument("--timeout", default=180.0, type=float, help="seconds to wait for each process to be ready")
    args = p.parse_args(argv)
    if args.action == "start":
        start(args.data_dir, args.host, args.port, args.timeout)
    else:
        stop(args.data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
