"""robots.txt fetched once per host per run (RFC 9309 semantics for failures).

2xx: the file's rules. 4xx (404, 410, 401, 403, ...): no restrictions. 5xx or no answer: the host
is treated as fully disallowed for this run, as the RFC asks ("unreachable").
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from transforms.sources import ALLOW_ALL, DISALLOW_ALL, Robots, parse_robots

ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB


@dataclass(frozen=True)
class RobotsFile:
    robots: Robots
    state: str  # parsed, missing (4xx), unreachable (5xx / network)
    detail: str = ""


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """`fetch_text(url) -> (status or None, body or None, detail)` does the HTTP; one call per origin."""

    def __init__(self, fetch_text: Callable[[str], tuple[int | None, bytes | None, str]]) -> None:
        self._fetch_text = fetch_text
        self._files: dict[str, RobotsFile] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, url: str) -> RobotsFile:
        origin = origin_of(url)
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # concurrent first requests to a host wait for one robots.txt fetch
            if origin not in self._files:
                self._files[origin] = self._load(origin)
            return self._files[origin]

    def _load(self, origin: str) -> RobotsFile:
        status, body, detail = self._fetch_text(origin + "/robots.txt")
        if status is not None and 200 <= status < 300 and body is not None:
            return RobotsFile(parse_robots(body.decode("utf-8", errors="replace")), "parsed")
        if status is not None and 400 <= status < 500:
            return RobotsFile(ALLOW_ALL, "missing", f"robots.txt answered HTTP {status}")
        return RobotsFile(DISALLOW_ALL, "unreachable", detail or f"robots.txt answered HTTP {status}")

    def decide(self, token: str, url: str) -> tuple[bool, str, float | None]:
        """(allowed, decision, crawl delay). decision: allowed, disallowed, no_robots, unreachable."""
        rf = self.get(url)
        if rf.state == "missing":
            return True, "no_robots", None
        if rf.state == "unreachable":
            return False, "unreachable", None
        ok = rf.robots.allowed(token, url)
        return ok, "allowed" if ok else "disallowed", rf.robots.crawl_delay(token)
