"""The run's own temporary Prefect API, started before anything else so its start-up overlaps ours.

Without PREFECT_API_URL, Prefect starts a temporary ("ephemeral") API server the first time a flow
needs one: it imports the whole server package into the client (~4.6 s here) and then waits for a
uvicorn subprocess to answer (~5.5 s), after our own imports and checks (~5 s) are done. The command
line instead starts the same subprocess (same module, same environment flags as Prefect's
`SubprocessASGIServer`) as its very first step, points PREFECT_API_URL at it, and waits for it only
just before the flow starts. A configured API (PREFECT_API_URL in the environment or the active
profile) is used as it is; the reaper records the server like Prefect's own (same command line).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# The flags Prefect sets for its ephemeral server: no UI, the fast ephemeral start-up.
SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
PORT_IN_USE = 3  # uvicorn's exit status when it cannot bind


class ApiStartError(RuntimeError):
    """The temporary Prefect API did not come up."""


def _profile_sets_api(env: dict[str, str]) -> bool:
    """Whether the active Prefect profile names an API (read without importing Prefect)."""
    home = Path(env.get("PREFECT_HOME", "~/.prefect")).expanduser()
    path = Path(env.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return False
    active = env.get("PREFECT_PROFILE") or data.get("active", "ephemeral")
    return bool(data.get("profiles", {}).get(active, {}).get("PREFECT_API_URL"))


def wanted(env: dict[str, str] | None = None, prefect_imported: bool | None = None) -> bool:
    """Start our own server only where Prefect would start an ephemeral one, and only before Prefect
    is imported (its settings are read once, at import)."""
    env = dict(os.environ) if env is None else env
    imported = "prefect" in sys.modules if prefect_imported is None else prefect_imported
    if imported or env.get("PREFECT_API_URL"):
        return False
    if any(env.get(k, "").lower() in {"0", "false", "no"}
           for k in ("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "PREFECT_SERVER_EPHEMERAL_ENABLED")):
        return False
    return not _profile_sets_api(env)


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TemporaryApi:
    """A uvicorn process serving Prefect's API on loopback for this run only."""

    port: int
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait(self, timeout: float) -> None:
        """Block until the API answers its health check; raise ApiStartError if it exits or times out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.proc.poll()
            if code == PORT_IN_USE:  # another process took the port in between: try another
                self.port, self.proc = _spawn(_free_port())
                os.environ["PREFECT_API_URL"] = self.url
                continue
            if code is not None:
                raise ApiStartError(f"the temporary Prefect API exited with status {code} before answering "
                                    "(set PREFECT_API_URL to use a running server instead)")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as reply:  # noqa: S310 - loopback
                    if reply.status == 200:
                        return
            time.sleep(0.1)
        raise ApiStartError(f"the temporary Prefect API did not answer within {timeout:.0f}s "
                            "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS; a fresh PREFECT_HOME migrates first)")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _spawn(port: int) -> tuple[int, subprocess.Popen[bytes]]:
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "prefect is a dependency"
    app_dir = Path(spec.origin).parent.parent
    cmd = [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
           "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "error", "--lifespan", "on"]
    return port, subprocess.Popen(cmd, env={**os.environ, **SERVER_ENV}, stdin=subprocess.DEVNULL)


def spawn() -> TemporaryApi:
    """A temporary API on a free loopback port; the caller waits for it and stops it."""
    return TemporaryApi(*_spawn(_free_port()))


def start() -> TemporaryApi | None:
    """Start the run's temporary API when Prefect would otherwise start one, and point
    PREFECT_API_URL at it; None when an API is configured. Stopped at exit."""
    if not wanted():
        return None
    api = spawn()
    os.environ["PREFECT_API_URL"] = api.url
    atexit.register(api.stop)
    return api
