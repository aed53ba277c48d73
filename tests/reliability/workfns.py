"""Work functions for the pool tests: real code run in real worker processes (no models), each
job a small instruction of what the page does to its worker."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from transforms.page import PageResult


def setup(config: str) -> None:
    pass


def work(config: str, job: str) -> PageResult:
    """`job` is "<name>:<action>": ok, crash (SIGKILL itself), crash-once (the first time only,
    marked by a file under the config folder), sleep, hog (grab memory until killed)."""
    name, action = job.split(":")
    marker = Path(config) / f"{name}.crashed"
    if action == "crash" or (action == "crash-once" and not marker.exists()):
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    if action == "sleep":
        time.sleep(3600)
    if action == "hog":
        hoard = []
        while True:
            hoard.append(bytearray(16 * 2**20))
            time.sleep(0.01)
    return PageResult(name, article={"pid": os.getpid()})


def url_of(job: str) -> str:
    return job.split(":")[0]
