"""Backfill on a cluster: the days of a range are shards in flight together, one committer.

A local backfill runs its days one after another, each a subflow. On a cluster that would leave the
workers idle while the driver discovers and fetches the next day, and idle again at the end of every
day while its last shard runs. Here the driver (the backfill flow's own thread) goes through the
days in order: it records the day `running`, discovers, plans and fetches it batch by batch, and
submits each batch's shards (`extract-shard` task runs, named by day) without waiting for them; then
it goes on to the next day while those shards run. Up to `NEWS_CLUSTER_DAYS_IN_FLIGHT` days are open
at once; the shards in flight are bounded too (a few per worker thread), so the driver does not
fetch far ahead of what the workers can take.

Between steps, and whenever a bound makes it wait, the driver commits the shards that finished (the
single writer, one transaction per shard, in the order they finish). A day is finished when every
one of its shards is committed: then its checks run, its `runs` row is closed and it is recorded in
`backfill_days`, exactly as a local day is; then its staging folder goes. So a day recorded
`completed` has all its rows in the database, and a driver killed mid-way leaves its open days
`running`, to be redone by the next call (their loaded URLs are not fetched again).

A failed day (a source that cannot be read, a shard that failed after its retries) is recorded
`failed`; no new day starts, the days in flight finish and are recorded, then the backfill raises
the first failure, as a local backfill does.
"""

from __future__ import annotations

import queue
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from prefect import get_run_logger
from prefect.futures import PrefectFuture

from flows import tasks, watermarks
from flows.cluster import Cluster
from flows.commit import DuckDBTarget
from flows.pipeline import Partition, Pipeline, RunRecord
from flows.progress import DayProgress

SHARDS_PER_SLOT = 4  # shards in flight per worker thread: enough queued that no worker waits for the driver

Record = Callable[..., None]  # flows.backfill._record: (pipeline, day, keys, run_id, status, counts, started, finished)


@dataclass
class OpenDay:
    day: date
    keys: list[str]
    run_id: str
    started: datetime
    rec: RunRecord
    closer: ExitStack  # holds the day's `runs` row open (Pipeline.recorded_run) until the day finishes
    pending: int = 0  # shards submitted and not yet committed
    submitted: bool = False  # every batch fetched and its shards submitted
    error: Exception | None = None


@dataclass
class ClusterBackfill:
    """Runs the days of a backfill through `p.cluster`; `run` returns one result per finished day
    (as `backfill_day` does) and raises the first failure after every started day finished."""

    p: Pipeline
    backfill_id: str
    bar: DayProgress
    record: Record  # flows.backfill._record: the backfill_days rows
    days_in_flight: int = 3
    most_days_together: int = 0  # the most days that had shards in flight at one time (reported)
    _open: list[OpenDay] = field(default_factory=list)
    _futures: dict[PrefectFuture, OpenDay] = field(default_factory=dict)
    _done: queue.Queue = field(default_factory=queue.Queue)  # futures of finished shards, to commit
    _results: list[dict] = field(default_factory=list)
    _errors: list[Exception] = field(default_factory=list)

    @property
    def cluster(self) -> Cluster:
        assert self.p.cluster is not None
        return self.p.cluster

    def run(self, todo: list[tuple[date, list[str]]]) -> list[dict]:
        try:
            for day, sources in todo:
                if self._errors or any(d.error for d in self._open):
                    break
                while len(self._open) >= max(1, self.days_in_flight):
                    self._commit_finished(block=True)
                self._start(day, sources)
            while self._open:
                self._commit_finished(block=True)
        except BaseException as exc:  # Ctrl-C, a database error: the open days' runs rows say failed
            for d in self._open:
                d.closer.__exit__(type(exc), exc, exc.__traceback__)
            raise
        if self._errors:
            raise self._errors[0]
        return self._results

    def _start(self, day: date, sources: list[str]) -> None:
        p, log = self.p, get_run_logger()
        run_id = str(uuid.uuid4())
        keys = [watermarks.source_key(a) for a in sources]
        started = datetime.now(UTC)
        self.record(p, day, keys, run_id, "running", None, started, None)
        params = {"sources": sources, "db": str(p.db_file), "day": str(day), "backfill_id": self.backfill_id,
                  "cluster": self.cluster.address}
        closer = ExitStack()
        rec = closer.enter_context(p.recorded_run(run_id, "backfill", params))
        d = OpenDay(day, keys, run_id, started, rec, closer)
        self._open.append(d)
        self.bar.day_started(day)
        try:
            part = Partition(sources, dict.fromkeys(sources, day), day, run_id, "backfill", params)
            urls = p.find_urls(part, rec.counts)
            size = p.settings.batch_size
            cap = SHARDS_PER_SLOT * self.cluster.slots()
            for i, offset in enumerate(range(0, urls.height, size), start=1):
                fetched = tasks.fetch_batch(tasks.as_is(urls.slice(offset, size)), p.fetcher, run_id)
                for fut in self.cluster.submit(fetched, run_id, i, label=f"{day}-"):
                    self._futures[fut] = d
                    d.pending += 1
                    fut.add_done_callback(self._done.put)
                days_in_flight = len({o.day for o in self._futures.values()})
                self.most_days_together = max(self.most_days_together, days_in_flight)
                log.info("day %s, batch %d: %d pages submitted; %d shard(s) of %d day(s) in flight", day, i,
                         fetched.height, len(self._futures), days_in_flight)
                self._commit_finished(block=False)
                while len(self._futures) >= cap:
                    self._commit_finished(block=True)
        except Exception as exc:  # noqa: BLE001 - the day fails; the days in flight still finish
            d.error = exc
        d.submitted = True
        self._finish_ready()

    def _commit_finished(self, block: bool) -> None:
        """Commit every shard that has finished; with `block`, wait for one first (if any is in flight)."""
        ready: list[PrefectFuture] = []
        while block and self._futures and not ready:
            try:
                ready.append(self._done.get(timeout=1.0))  # a timeout, so Ctrl-C is seen
            except queue.Empty:
                continue
        while True:
            try:
                ready.append(self._done.get_nowait())
            except queue.Empty:
                break
        target = DuckDBTarget(self.p.con, self.p.settings.sql_dir)
        for fut in ready:
            d = self._futures.pop(fut)
            d.pending -= 1
            try:
                spec, counts = self.cluster.collect(fut, target)
            except Exception as exc:  # noqa: BLE001 - a shard that failed after its retries fails its day
                d.error = d.error or exc
                continue
            d.rec.counts.update(counts)
            d.rec.counts["pages"] += spec.fetched.height
            self.bar.batch(spec.fetched.height, d.rec.counts, d.day)
        self._finish_ready()

    def _finish_ready(self) -> None:
        for d in [d for d in self._open if d.submitted and d.pending == 0]:
            self._open.remove(d)
            self._finish(d)

    def _finish(self, d: OpenDay) -> None:
        """Every shard of the day is committed: its checks, its runs row, its backfill_days rows."""
        if d.error is None:
            try:
                self.p.check_run(d.run_id, d.rec)
            except Exception as exc:  # noqa: BLE001
                d.error = exc
        if d.error is not None:
            d.closer.__exit__(type(d.error), d.error, d.error.__traceback__)  # the runs row: failed
            self.record(self.p, d.day, d.keys, d.run_id, "failed", None, d.started, datetime.now(UTC))
            self._errors.append(d.error)
            get_run_logger().error("day %s failed: %s", d.day, d.error)
        else:
            d.closer.close()
            rec = d.rec
            self.record(self.p, d.day, d.keys, d.run_id, rec.status, dict(rec.counts), d.started, datetime.now(UTC))
            result = {"day": str(d.day), "run_id": d.run_id, "status": rec.status, "failed_checks": rec.failed,
                      **rec.counts}
            self._results.append(result)
            self.bar.day_done(d.day, result, rec.status)
        self.cluster.finish_run(d.run_id)
