"""A small supervisor over extraction worker processes: one bad page costs one page, never the run.

Why not ProcessPoolExecutor: when one of its workers dies (the OOM killer, a segfault in a C
library) the whole executor breaks, every pending future fails and the run went down with 0
articles. Here each worker is a plain `multiprocessing` process with its own pipe and holds one
page at a time, so the supervisor always knows which page a dead worker held:

- pages stream to whichever worker is free (no core idles at the end of a batch);
- a worker that dies is replaced and its page is retried once; a page that kills a worker twice
  becomes a reject `worker_crash`;
- a page that runs past `page_timeout` seconds, or whose worker grows past `memory_mb` of
  resident memory, has its worker killed and becomes a reject `timeout` / `worker_memory`;
- a worker is recycled after `recycle_after` pages, so slow memory growth cannot accumulate;
- workers die with the run: they ignore Ctrl-C (the parent shuts them down), and a thread in
  each watches a pipe only the supervisor holds open and kills its process when the pipe closes,
  so a SIGKILLed run leaves none behind, even mid-page. (The kernel's parent-death signal would
  not do: a worker's parent is the forkserver, which waits for its workers before it exits.)
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing import connection
from multiprocessing.context import ForkServerContext
from typing import Any

from transforms.page import PageResult, Reject


@dataclass(frozen=True)
class PoolLimits:
    page_timeout: float = 60.0  # wall seconds one page may hold a worker
    memory_mb: int = 1500  # resident memory of one worker process
    recycle_after: int = 500  # pages per worker process before it is replaced
    crash_tries: int = 2  # a page that kills this many workers becomes a reject
    start_timeout: float = 600.0  # a worker that is not ready by then (models loading) failed


class WorkerStartError(RuntimeError):
    """Workers cannot set themselves up (a model that does not load, ...): no page can run."""


def _die_with_supervisor(lifeline: connection.Connection) -> None:
    """Kill this process as soon as the supervisor's end of `lifeline` closes (it never writes)."""
    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            lifeline.recv()
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _cap_address_space(memory_mb: int) -> None:
    """A backstop under the supervisor's RSS watch, for allocations faster than it looks: address
    space beyond what setup mapped plus the budget raises MemoryError inside the page."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = mapped + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def _worker_main(conn: connection.Connection, lifeline: connection.Connection, setup: Callable[[Any], None],
                 work: Callable[[Any, Any], Any], config: Any, memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_supervisor(lifeline)
    try:
        setup(config)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    _cap_address_space(memory_mb)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if msg is None:
            return
        index, job = msg
        try:
            result = work(config, job)
        except MemoryError:  # the address-space cap: this process may be in no state to go on
            conn.send(("memory", index))
            return
        conn.send(("done", index, result))


@dataclass
class _Worker:
    proc: Any
    conn: connection.Connection
    lifeline: connection.Connection
    started: float
    ready: bool = False
    index: int | None = None  # the page it holds
    since: float = 0.0
    done: int = 0
    verdict: tuple[str, str] | None = None  # (reason, detail) when the supervisor killed it


@dataclass
class _Run:
    jobs: Sequence[Any]
    results: list[PageResult | None]
    pending: deque[int]
    crashes: Counter[int] = field(default_factory=Counter)
    left: int = 0


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class WorkerPool:
    """`map(jobs)` runs `work(config, job)` for every job on `workers` processes (each calls
    `setup(config)` once) and returns one PageResult per job, in order; `url_of(job)` names the
    page in rejects. Reused across calls; `close()` ends the workers."""

    def __init__(self, ctx: ForkServerContext, workers: int, setup: Callable[[Any], None],
                 work: Callable[[Any, Any], PageResult], config: Any, url_of: Callable[[Any], str],
                 limits: PoolLimits = PoolLimits(), log: Callable[..., None] | None = None):
        self.ctx, self.size, self.setup, self.work, self.config = ctx, max(1, workers), setup, work, config
        self.url_of, self.limits, self.log = url_of, limits, log or (lambda *a: None)
        self.workers: list[_Worker] = []
        self._warming: threading.Thread | None = None
        self.start_failures = 0
        self.stats: Counter[str] = Counter()  # started, recycled, crashed, timeout, worker_memory

    # -- workers --------------------------------------------------------------------------------
    def _start(self) -> None:
        parent, child = self.ctx.Pipe()
        life_r, life_w = self.ctx.Pipe(duplex=False)
        proc = self.ctx.Process(target=_worker_main, name="news-etl-extract", daemon=True,
                                args=(child, life_r, self.setup, self.work, self.config, self.limits.memory_mb))
        proc.start()
        child.close()
        life_r.close()
        self.workers.append(_Worker(proc, parent, life_w, time.monotonic()))
        self.stats["started"] += 1

    def _stop(self, w: _Worker, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                w.proc.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                w.conn.send(None)
        w.proc.join(timeout=None if kill else 10)
        if w.proc.exitcode is None:
            w.proc.kill()
            w.proc.join()
        w.conn.close()
        w.lifeline.close()
        w.proc.close()
        self.workers.remove(w)

    def warm(self) -> None:
        """Start one worker now, in the background: starting the forkserver and loading the models
        then overlap with whatever the caller does before its first `map` (discovery, fetching)."""
        if not self.workers and self._warming is None:
            self._warming = threading.Thread(target=self._start, name="news-etl-warm", daemon=True)
            self._warming.start()

    def _warmed(self) -> None:
        if self._warming is not None:
            self._warming.join()
            self._warming = None

    def close(self) -> None:
        self._warmed()
        for w in list(self.workers):
            self._stop(w, kill=w.index is not None)

    # -- the loop ---------------------------------------------------------------------------------
    def map(self, jobs: Sequence[Any]) -> list[PageResult]:
        self._warmed()
        run = _Run(jobs, [None] * len(jobs), deque(range(len(jobs))), left=len(jobs))
        while run.left:
            busy = sum(1 for w in self.workers if w.index is not None)
            while len(self.workers) < min(self.size, busy + len(run.pending)):
                self._start()
            for w in self.workers:
                if w.ready and w.index is None and run.pending:
                    w.index = run.pending.popleft()
                    w.since = time.monotonic()
                    try:
                        w.conn.send((w.index, jobs[w.index]))
                    except (OSError, BrokenPipeError):
                        pass  # it died; the sentinel below says so
            waitables = [w.conn for w in self.workers] + [w.proc.sentinel for w in self.workers]
            ready = set(connection.wait(waitables, timeout=0.25))
            for w in list(self.workers):
                if w.conn in ready:
                    self._receive(w, run)
            for w in list(self.workers):
                if w in self.workers and (w.proc.sentinel in ready or not w.proc.is_alive()):
                    self._buried(w, run)
            self._watch(run)
        return [r for r in run.results if r is not None]

    def _receive(self, w: _Worker, run: _Run) -> None:
        try:
            msg = w.conn.recv()
        except (EOFError, OSError):
            return  # died; handled as a death
        except Exception as exc:  # noqa: BLE001 - an unpicklable result: the page, not the worker
            msg = ("done", w.index, None)
            self.log("result of page %s could not be read: %s", w.index, exc)
        if msg[0] == "ready":
            w.ready = True
        elif msg[0] == "memory" and msg[1] == w.index:
            w.verdict = ("worker_memory", f"extraction ran out of address space (NEWS_WORKER_MEMORY_MB="
                                          f"{self.limits.memory_mb})")
        elif msg[0] == "failed":
            self.close()
            raise WorkerStartError(f"an extraction worker could not start: {msg[1]}")
        elif msg[0] == "done" and msg[1] == w.index:
            index, result = msg[1], msg[2]
            if result is None:
                result = _reject(self.url_of(run.jobs[index]), "extractor_error", "result could not be sent back")
            self._finish(run, index, result)
            w.index = None
            w.done += 1
            if w.done >= self.limits.recycle_after:
                self.stats["recycled"] += 1
                self._stop(w)

    def _buried(self, w: _Worker, run: _Run) -> None:
        """A worker is gone: replace it; its page is retried or rejected."""
        code = w.proc.exitcode
        index, verdict, was_ready = w.index, w.verdict, w.ready
        self._stop(w, kill=True)
        if not was_ready:
            self.start_failures += 1
            if self.start_failures >= 3:
                self.close()
                raise WorkerStartError(f"extraction workers die while starting (exit code {code})")
        if index is None:
            return
        url = self.url_of(run.jobs[index])
        if verdict is not None:
            self.stats[verdict[0]] += 1
            self._finish(run, index, _reject(url, *verdict))
            return
        run.crashes[index] += 1
        self.stats["crashed"] += 1
        if run.crashes[index] >= self.limits.crash_tries:
            self._finish(run, index, _reject(url, "worker_crash", f"the page killed {run.crashes[index]} "
                                             f"extraction workers (last exit code {code})"))
        else:
            self.log("extraction worker died (exit code %s) on %s; retrying the page", code, url)
            run.pending.appendleft(index)

    def _watch(self, run: _Run) -> None:
        """Kill workers over their page's wall time or the memory ceiling; starting workers that
        never get ready count as failed starts."""
        now = time.monotonic()
        for w in self.workers:
            if w.verdict is not None:
                continue
            if w.index is None:
                if not w.ready and now - w.started > self.limits.start_timeout:
                    w.verdict = ("start_timeout", "")
                    w.proc.kill()
                continue
            if now - w.since > self.limits.page_timeout:
                w.verdict = ("timeout", f"extraction took over {self.limits.page_timeout:g} s (NEWS_PAGE_TIMEOUT)")
            elif (rss := _rss_mb(w.proc.pid)) > self.limits.memory_mb:
                w.verdict = ("worker_memory", f"extraction worker grew to {rss:,.0f} MB "
                                              f"(NEWS_WORKER_MEMORY_MB={self.limits.memory_mb})")
            if w.verdict is not None:
                w.proc.kill()

    @staticmethod
    def _finish(run: _Run, index: int, result: PageResult) -> None:
        if run.results[index] is None:
            run.results[index] = result
            run.left -= 1


def _reject(url: str, reason: str, detail: str) -> PageResult:
    return PageResult(url, reject=Reject("extract", reason, detail))
