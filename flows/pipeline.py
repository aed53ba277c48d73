"""What the flows share: open the resources of one process, run one partition, record the run.

`open_pipeline` holds what one process shares (database connection, one Fetcher with its
per-host politeness and concurrency limit, one Extractor pool) in a `Pipeline`; `Pipeline.run`
runs discover -> plan -> fetch/extract/load batch by batch, then the checks and the report, over
one `Partition` (sources, each with its own window, and how the run is recorded). The nightly flow
runs one partition from each dated source's watermark to today; `flows.backfill` runs one per day
over the same pipeline; `flows.reprocess` uses its recording and checks around re-extraction.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import duckdb
import polars as pl
from prefect import get_run_logger
from prefect.futures import PrefectFuture, as_completed

from analyst.digest import publish_digest
from flows import memory, tasks, version
from flows.cluster import Cluster
from flows.commit import DuckDBTarget
from flows.extract import Extractor, WorkerConfig
from flows.io import db
from flows.io.fetch import Fetcher
from flows.io.fsstore import FsRawStore, open_raw_store, storage_options
from flows.io.publishers import load_publishers
from flows.io.rawstore import RawStore
from flows.reference import load_agencies
from flows.settings import Settings


def worker_config(s: Settings, store: RawStore | FsRawStore) -> WorkerConfig:
    options = s.extract_options(load_agencies(s.seeds_dir), version.extractor_version(s))
    return WorkerConfig(str(store.root), options, s.ner_model_de, s.ner_model_en, s.gazetteer_csv, s.pool_limits())


BatchHook = Callable[[int, Counter], None]  # (pages in the batch just loaded, counts so far)


@dataclass(frozen=True)
class Partition:
    """One run of the pipeline: which sources, each from its own `since` (None: as given) up to `until`,
    and how the run is recorded in `runs` (its id, the flow that ran it, the parameters shown)."""

    sources: list[str]
    windows: dict[str, date | None]
    until: date | None
    run_id: str
    flow_name: str
    params: dict


@dataclass
class RunRecord:
    """What a run reports in its `runs` row: the body of `Pipeline.recorded_run` fills it in."""

    counts: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # error checks that found bad rows
    status: str = "failed"  # stays "failed" when the body raises


class DataCheckFailed(RuntimeError):
    """A check of severity error found bad rows after the load."""


@dataclass
class Pipeline:
    """What one process shares across runs: the open database, one Fetcher (its concurrency limit
    and per-host politeness hold across everything it fetches) and one Extractor pool."""

    settings: Settings
    db_file: Path
    con: duckdb.DuckDBPyConnection
    store: RawStore | FsRawStore
    fetcher: Fetcher
    extractor: Extractor | None  # None when a cluster extracts
    cluster: Cluster | None = None

    @property
    def worker_config(self) -> WorkerConfig:
        """What every extraction process runs with, local pool or cluster."""
        if self.cluster is not None:
            return self.cluster.config
        assert self.extractor is not None
        return self.extractor.config

    @contextmanager
    def recorded_run(self, run_id: str, flow_name: str, params: dict) -> Iterator[RunRecord]:
        """Write the `runs` row when the run starts and, whatever happens, when it ends."""
        sql_dir = self.settings.sql_dir
        started = time.perf_counter()
        db.execute(self.con, db.read_sql(sql_dir, "load/run_start.sql"), {
            "run_id": run_id, "flow": flow_name, "parameters": json.dumps(params),
            "started_at": datetime.now(UTC)})
        rec = RunRecord()
        try:
            yield rec
        finally:
            rec.counts["duration_s"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
            db.execute(self.con, db.read_sql(sql_dir, "load/run_finish.sql"), {
                "run_id": run_id, "finished_at": datetime.now(UTC), "counts": json.dumps(dict(rec.counts)),
                "status": rec.status})

    def check_run(self, run_id: str, rec: RunRecord) -> None:
        """Run the data checks and the report after the load; error checks that found rows fail the run."""
        checks = tasks.checks_and_report(self.con, self.settings.sql_dir, run_id, dict(rec.counts))
        rec.failed = [c.check for c in checks if c.failed and c.severity == "error"]
        rec.counts["check_failures"] = len(rec.failed)
        rec.status = "failed_checks" if rec.failed else "completed"

    def find_urls(self, part: Partition, counts: Counter) -> pl.DataFrame:
        """Discover (each source from its own `since`) and plan: the URLs to fetch. Counts `urls` and
        `skipped_known`."""
        s, log = self.settings, get_run_logger()
        publishers = load_publishers(s.seeds_dir / "publishers.csv")
        by_since: dict[date | None, list[str]] = {}
        for arg in part.sources:
            by_since.setdefault(part.windows.get(arg), []).append(arg)
        frames = [tasks.discover(args, self.fetcher, s.discover_options(self.db_file, since, part.until), publishers)
                  for since, args in by_since.items()]
        found = pl.concat(frames, how="vertical_relaxed").unique(subset="url", keep="first", maintain_order=True)
        counts["urls"] = found.height
        urls, counts["skipped_known"] = tasks.plan_fetch(self.con, s.sql_dir, found, s.refetch_policy())
        log.info("discovered %d URLs from %d source(s); %d already loaded, %d to fetch",
                 found.height, len(part.sources), counts["skipped_known"], urls.height)
        return urls

    def _batches(self, part: Partition, urls: pl.DataFrame, counts: Counter, on_batch: BatchHook | None) -> None:
        """Fetch, extract and load the URLs batch by batch, the stages overlapping: while the workers
        extract batch i, a thread fetches batch i+1 and another loads batch i-1, so neither the
        workers nor the database wait for each other. Loads stay one at a time and in order (one
        writer on the connection); a load is counted (log line, `on_batch`) as soon as it is done
        when the run waits for a fetch anyway. Big arguments go `as_is` (see flows.tasks)."""
        s, con, log = self.settings, self.con, get_run_logger()
        batches = [urls.slice(offset, s.batch_size) for offset in range(0, urls.height, s.batch_size)]
        started = time.perf_counter()

        def fetch(i: int) -> PrefectFuture | None:
            if i >= len(batches):
                return None
            return tasks.fetch_batch.submit(tasks.as_is(batches[i]), self.fetcher, part.run_id)

        def loaded(i: int, batch_counts: Counter | dict[str, int]) -> None:
            counts.update(batch_counts)
            counts["pages"] += batches[i - 1].height
            rate = counts["pages"] / max(time.perf_counter() - started, 1e-9)
            log.info("batch %d/%d: %d pages, %d articles, %d rejects so far (%.1f pages/s)",
                     i, len(batches), batches[i - 1].height, counts["articles"], counts["rejects"], rate)
            if on_batch is not None:
                on_batch(batches[i - 1].height, counts)

        fetching, loading = fetch(0), None  # loading: (batch number, its load's future)

        def settle() -> None:  # wait for the load in flight, count it
            nonlocal loading
            if loading is not None:
                number, future = loading
                loading = None
                loaded(number, future.result())

        try:
            for i in range(1, len(batches) + 1):
                assert fetching is not None
                # while the fetch is still running, settle the previous load if that finishes first
                if loading is not None and next(as_completed([fetching, loading[1]])) is loading[1]:
                    settle()
                fetched = fetching.result()
                fetching = fetch(i)
                if self.cluster is not None:  # shards commit as they finish, on this thread
                    loaded(i, self.cluster.run_batch(fetched, part.run_id, i, DuckDBTarget(con, s.sql_dir)))
                    continue
                assert self.extractor is not None  # open_pipeline makes one unless a cluster extracts
                extracted = tasks.extract_batch(tasks.as_is(fetched), self.extractor)
                settle()
                loading = (i, tasks.load_batch.submit(con, s.sql_dir, tasks.as_is(fetched), tasks.as_is(extracted),
                                                      part.run_id))
            settle()
        finally:  # never leave with a load still writing, nor a fetch still filling the raw store
            for future in (loading[1] if loading else None, fetching):
                if future is not None:
                    future.wait()

    def run(self, part: Partition, on_batch: BatchHook | None = None, digest: bool = True) -> RunRecord:
        """Discover (each source from its own `since`), plan, fetch/extract/load batch by batch, run the
        checks and write the report, with a `runs` row. Returns the run's record (counts, failed error
        checks, status)."""
        s, con = self.settings, self.con
        with self.recorded_run(part.run_id, part.flow_name, part.params) as rec:
            counts = rec.counts
            urls = self.find_urls(part, counts)
            self._batches(part, urls, counts, on_batch)
            self.check_run(part.run_id, rec)
            if digest:
                publish_digest(con, self.db_file, s.sql_dir)
        return rec


@contextmanager
def open_pipeline(settings: Settings, db_file: Path, db_wait: float | None = None) -> Iterator[Pipeline]:
    """Open the database (waiting at most `db_wait` seconds for another run to let go of it),
    apply the schema, and start the fetcher and the extraction pool. Freed page buffers go back to
    the system from here on (flows.memory), so this process stays flat over long runs."""
    log = get_run_logger()
    memory.pin_mmap_threshold()
    store = open_raw_store(settings.raw_url or settings.raw_dir or db_file.parent / "raw", settings.s3_endpoint)
    con = db.connect(db_file, wait_seconds=settings.db_wait if db_wait is None else db_wait)
    try:
        db.apply_schema(con, settings.sql_dir)
        with ExitStack() as stack:
            fetcher = stack.enter_context(Fetcher(settings.fetch_policy(), cast(RawStore, store), warn=log.warning))
            if settings.cluster:
                cluster = stack.enter_context(open_cluster(settings, store, db_file))
                if cleared := cluster.clear_leftovers(con, settings.sql_dir):
                    log.info("removed the staged shards of %d earlier run(s) a killed driver left", len(cleared))
                yield Pipeline(settings, db_file, con, store, fetcher, None, cluster)
                return
            extractor = stack.enter_context(Extractor(worker_config(settings, store), settings.workers,
                                                      settings.executor, log=log.warning))
            yield Pipeline(settings, db_file, con, store, fetcher, extractor)
    finally:
        con.close()


def open_cluster(settings: Settings, store: RawStore | FsRawStore, db_file: Path) -> Cluster:
    """The cluster of NEWS_CLUSTER, its workers set up like the local pool; shards stage under
    NEWS_STAGING_URL (default: <db folder>/staging, enough for workers on this machine)."""
    staging = settings.staging_url or str((db_file.parent / "staging").resolve())
    options = storage_options(staging if "://" in staging else str(store.root), settings.s3_endpoint)
    config = worker_config(settings, store)
    if isinstance(store, RawStore):  # workers on this machine resolve the store's path from anywhere
        config = WorkerConfig(str(store.root.resolve()), config.options, config.ner_model_de,
                              config.ner_model_en, config.gazetteer_csv)
    return Cluster(settings.cluster, config, staging, options, settings.cluster_shard_pages,
                   settings.cluster_connect_timeout)
