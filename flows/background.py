"""Background services this project starts (`make serve`, `make cluster`): spawned in their own process
group with a pid file and a log under data/, waited for until they answer, stopped by their pid files."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from flows.settings import PROJECT_ROOT


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie nobody reaped yet has exited
        return " Z" not in Path(f"/proc/{pid}/stat").read_text().split(")", 1)[1][:3]
    except (OSError, IndexError):
        return True


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def spawn(cmd: list[str], log: Path, pid_file: Path, env: dict[str, str]) -> int:
    with log.open("ab") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                cwd=PROJECT_ROOT, start_new_session=True)  # its own group: stopping it ends it all
    pid_file.write_text(f"{proc.pid}\n")
    return proc.pid


def wait_for(check: Callable[[], bool], what: str, timeout: float, pid: int, log: Path, command: str,
             cleanup: str) -> None:
    """Poll `check` until it holds; fail with one line if the process exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            raise SystemExit(f"{command}: {what} exited; see {log}")
        try:
            if check():
                return
        except Exception:  # noqa: BLE001, S110 - not up yet
            pass
        time.sleep(0.5)
    raise SystemExit(f"{command}: {what} not ready after {timeout:.0f}s; see {log} (`{cleanup}` cleans up)")


def stop_all(data_dir: Path, pid_files: Sequence[str], timeout: float = 30.0) -> None:
    """Stop the process groups of `pid_files` in order: SIGTERM, then SIGKILL after `timeout`."""
    for name in pid_files:
        pid_file = data_dir / name
        pid = read_pid(pid_file)
        if pid is None:
            continue
        if alive(pid):
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + timeout
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass
            if alive(pid):
                os.killpg(pid, signal.SIGKILL)
            print(f"stopped {name.removesuffix('.pid')} (pid {pid})")
        pid_file.unlink(missing_ok=True)
