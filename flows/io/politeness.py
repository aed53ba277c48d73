"""Per-host request spacing: each host gets at most one request per interval, across all threads.

A request reserves the host's next free slot under a lock and then sleeps until it, so N workers
never burst at a host together. A 429 with Retry-After pushes the host's next slot back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostLimiter:
    # Slots are a little wider than the nominal interval, so send-time jitter never lets a host see
    # more than the configured rate within any window.
    MARGIN = 1.02

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def wait(self, host: str, interval: float) -> float:
        """Block until this request may go to `host`; returns the seconds waited.

        Waiters for one host queue on that host's lock, and the next slot is counted from the moment
        this one is actually released: a thread that oversleeps on a busy machine pushes the next
        request later, never closer."""
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:
            with self._lock:
                start = self._clock()
                delay = max(0.0, self._next.get(host, start) - start)
            if delay > 0:
                self._sleep(delay)
            with self._lock:
                released = self._clock()
                self._next[host] = max(self._next.get(host, released), released + max(0.0, interval) * self.MARGIN)
        return delay

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` before `seconds` from now (Retry-After)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), self._clock() + seconds)


def interval_for(rate_per_s: float | None, crawl_delay: float | None, max_crawl_delay: float) -> float:
    """Seconds between requests to one host: the slower of the rate limit and robots' Crawl-delay."""
    base = 1.0 / rate_per_s if rate_per_s and rate_per_s > 0 else 0.0
    return max(base, min(crawl_delay or 0.0, max_crawl_delay))
