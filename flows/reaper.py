"""Nothing of a run outlives it: Prefect's temporary API server included.

Prefect starts its ephemeral server as a plain subprocess and stops it from an atexit hook, which
a SIGKILL (the OOM killer, `kill -9`, a CI timeout) never runs: the server stayed behind. So the
command line records the server's pid in a file next to the database, and the next run stops any
server whose run is gone. SIGTERM is turned into KeyboardInterrupt, so `kill` takes the same clean
path as Ctrl-C (workers shut down, loaded batches kept, the server stopped).
Extraction workers need none of this: they watch their supervisor (flows/pool.py).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import threading
import time
from pathlib import Path

PID_FILE = ".news-etl-children.pids"
SERVER_HINT = "prefect.server.api.server:create_app"  # the ephemeral server's uvicorn command line


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (tells a pid apart from its reuse)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(Path(f"/proc/{entry}/stat").read_text().rsplit(") ", 1)[1].split()[1]) == pid:
                    out.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def reap_stale(folder: Path) -> list[int]:
    """Stop the recorded servers of runs that are gone; returns their pids. Entries of runs still
    alive (another database in the same folder) are kept."""
    path = folder / PID_FILE
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return []
    keep, reaped = [], []
    for line in lines:
        try:
            owner, owner_start, pid, start = line.split()[:4]
        except ValueError:
            continue
        if _start_time(int(owner)) == owner_start:
            keep.append(line)
        elif _start_time(int(pid)) == start and SERVER_HINT in _cmdline(int(pid)):
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
            reaped.append(int(pid))
    with contextlib.suppress(OSError):
        if keep:
            path.write_text("\n".join(keep) + "\n")
        else:
            path.unlink()
    return reaped


def _record(folder: Path, pids: list[int]) -> None:
    me, mine = os.getpid(), _start_time(os.getpid())
    with contextlib.suppress(OSError), open(folder / PID_FILE, "a") as f:
        for pid in pids:
            if (start := _start_time(pid)) is not None:
                f.write(f"{me} {mine} {pid} {start}\n")


def _forget(folder: Path) -> None:
    path, me = folder / PID_FILE, str(os.getpid())
    with contextlib.suppress(OSError):
        rest = [line for line in path.read_text().splitlines() if line.split()[:1] != [me]]
        if rest:
            path.write_text("\n".join(rest) + "\n")
        else:
            path.unlink()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def guard(folder: Path) -> None:
    """Call once, before Prefect starts: clean up after killed runs, record this run's server as
    soon as it appears, and make SIGTERM an interrupt. A no-op where there is no /proc."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    if not Path("/proc/self/stat").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    reap_stale(folder)
    atexit.register(_forget, folder)

    def watch() -> None:
        seen: set[int] = set()
        while True:  # the server starts once per process; keep looking in case it is restarted
            new = [p for p in _children(os.getpid()) if p not in seen and SERVER_HINT in _cmdline(p)]
            if new:
                _record(folder, new)
                seen.update(new)
            time.sleep(5.0 if seen else 0.5)

    threading.Thread(target=watch, name="news-etl-reaper", daemon=True).start()
