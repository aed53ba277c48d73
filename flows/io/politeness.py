"""Per-host request spacing: each host gets at most one request per interval, across all threads.

A request reserves the host's next free slot under a lock and then sleeps until it, so N workers
never burst at a host together. A 429 with Retry-After pushes the host's next slot back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, interval: float) -> float:
        """Block until this request may go to `host`; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + max(0.0, interval)
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` before `seconds` from now (Retry-After)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)


def interval_for(rate_per_s: float | None, crawl_delay: float | None, max_crawl_delay: float) -> float:
    """Seconds between requests to one host: the slower of the rate limit and robots' Crawl-delay."""
    base = 1.0 / rate_per_s if rate_per_s and rate_per_s > 0 else 0.0
    return max(base, min(crawl_delay or 0.0, max_crawl_delay))
