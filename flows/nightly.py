"""The nightly flow: discover -> fetch -> extract -> load, batch by batch, then checks and report.

`open_pipeline` holds what one process shares (database connection, one Fetcher with its
per-host politeness and concurrency limit, one Extractor pool); `run_partition` runs the
pipeline once over sources and a date window. The nightly flow runs it once, from each dated
source's watermark to today; `flows.backfill` runs it once per day over the same resources.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from analyst.digest import publish_digest
from flows import tasks, watermarks
from flows.extract import Extractor, WorkerConfig
from flows.io import db
from flows.io.fetch import Fetcher, FetchPolicy
from flows.io.rawstore import RawStore
from flows.io.sources import DiscoverOptions, load_publishers
from flows.limits import page_budget, pool_limits
from flows.reference import load_agencies
from flows.settings import Settings, get_settings
from transforms.page import ExtractOptions
from transforms.sources import RefetchPolicy


def worker_config(s: Settings, store: RawStore) -> WorkerConfig:
    options = ExtractOptions(min_words=s.min_words, agencies=load_agencies(s.seeds_dir), semantics=s.ner,
                             budget=page_budget(s))
    return WorkerConfig(str(store.root), options, s.ner_model_de, s.ner_model_en,
                        str(s.seeds_dir / "gazetteer_names.csv"), pool_limits(s))


def fetch_policy(s: Settings) -> FetchPolicy:
    return FetchPolicy(user_agent=s.user_agent, timeout=s.http_timeout, max_bytes=s.http_max_bytes,
                       max_redirects=s.http_max_redirects, retries=s.http_retries, backoff=s.http_backoff,
                       concurrency=s.http_concurrency, total_timeout=s.http_total_timeout,
                       rate_per_host=s.http_rate_per_host, obey_robots=s.robots_obey,
                       max_retry_after=s.http_max_retry_after, max_crawl_delay=s.http_max_crawl_delay)


def discover_options(s: Settings, db_file: Path, since: date | None, until: date | None) -> DiscoverOptions:
    return DiscoverOptions(since=since, until=until, sitemap_max_bytes=s.sitemap_max_bytes,
                           max_sitemaps=s.sitemap_max_count, warc_cache=s.warc_dir or db_file.parent / "warc",
                           warc_max_bytes=s.warc_max_bytes, max_record_bytes=s.http_max_bytes)


def refetch_policy(s: Settings) -> RefetchPolicy:
    return RefetchPolicy(timedelta(hours=s.refetch_window_hours), timedelta(hours=s.refetch_min_gap_hours),
                         s.refetch_times)


@dataclass
class Pipeline:
    """What one process shares across runs: the open database, one Fetcher (its concurrency limit
    and per-host politeness hold across everything it fetches) and one Extractor pool."""

    settings: Settings
    db_file: Path
    con: duckdb.DuckDBPyConnection
    store: RawStore
    fetcher: Fetcher
    extractor: Extractor


@contextmanager
def open_pipeline(settings: Settings, db_file: Path, db_wait: float | None = None) -> Iterator[Pipeline]:
    """Open the database (waiting at most `db_wait` seconds for another run to let go of it),
    apply the schema, and start the fetcher and the extraction pool."""
    log = get_run_logger()
    store = RawStore(settings.raw_dir or db_file.parent / "raw")
    con = db.connect(db_file, wait_seconds=settings.db_wait if db_wait is None else db_wait)
    try:
        db.apply_schema(con, settings.sql_dir)
        with ExitStack() as stack:
            fetcher = stack.enter_context(Fetcher(fetch_policy(settings), store, warn=log.warning))
            extractor = stack.enter_context(Extractor(worker_config(settings, store), settings.workers,
                                                      settings.executor, log=log.warning))
            yield Pipeline(settings, db_file, con, store, fetcher, extractor)
    finally:
        con.close()


BatchHook = Callable[[int, Counter], None]  # (pages in the batch just loaded, counts so far)


@dataclass
class RunRecord:
    """What a run reports in its `runs` row: the body of `recorded_run` fills it in."""

    counts: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)  # error checks that found bad rows
    status: str = "failed"  # stays "failed" when the body raises


@contextmanager
def recorded_run(p: Pipeline, run_id: str, flow_name: str, params: dict) -> Iterator[RunRecord]:
    """Write the `runs` row when the run starts and, whatever happens, when it ends."""
    started = time.perf_counter()
    db.execute(p.con, db.read_sql(p.settings.sql_dir, "load/run_start.sql"), {
        "run_id": run_id, "flow": flow_name, "parameters": json.dumps(params), "started_at": datetime.now(UTC)})
    rec = RunRecord()
    try:
        yield rec
    finally:
        rec.counts["duration_s"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
        db.execute(p.con, db.read_sql(p.settings.sql_dir, "load/run_finish.sql"), {
            "run_id": run_id, "finished_at": datetime.now(UTC), "counts": json.dumps(dict(rec.counts)),
            "status": rec.status})


def check_run(p: Pipeline, run_id: str, rec: RunRecord) -> None:
    """Run the data checks and the report after the load; error checks that found rows fail the run."""
    checks = tasks.checks_and_report(p.con, p.settings.sql_dir, run_id, dict(rec.counts))
    rec.failed = [c.check for c in checks if c.failed and c.severity == "error"]
    rec.counts["check_failures"] = len(rec.failed)
    rec.status = "failed_checks" if rec.failed else "completed"


def run_partition(p: Pipeline, source_args: list[str], windows: dict[str, date | None], until: date | None,
                  run_id: str, flow_name: str, params: dict, on_batch: BatchHook | None = None,
                  digest: bool = True) -> tuple[Counter, list[str], str]:
    """Discover (each source from its own `since`), plan, fetch/extract/load batch by batch, run the
    checks and write the report, with a `runs` row. Returns (counts, failed error checks, status)."""
    s, con, log = p.settings, p.con, get_run_logger()
    with recorded_run(p, run_id, flow_name, params) as rec:
        counts = rec.counts
        publishers = load_publishers(s.seeds_dir / "publishers.csv")
        by_since: dict[date | None, list[str]] = {}
        for arg in source_args:
            by_since.setdefault(windows.get(arg), []).append(arg)
        frames = [tasks.discover(args, p.fetcher, discover_options(s, p.db_file, since, until), publishers)
                  for since, args in by_since.items()]
        found = pl.concat(frames, how="vertical_relaxed").unique(subset="url", keep="first", maintain_order=True)
        counts["urls"] = found.height
        urls, counts["skipped_known"] = tasks.plan_fetch(con, found, refetch_policy(s))
        log.info("discovered %d URLs from %d source(s); %d already loaded, %d to fetch",
                 found.height, len(source_args), counts["skipped_known"], urls.height)
        n_batches = max(1, -(-urls.height // s.batch_size))
        for i, offset in enumerate(range(0, urls.height, s.batch_size), start=1):
            t0 = time.perf_counter()
            batch = urls.slice(offset, s.batch_size)
            fetched = tasks.fetch_batch(batch, p.fetcher, run_id)
            extracted = tasks.extract_batch(fetched, p.extractor)
            counts.update(tasks.load_batch(con, s.sql_dir, fetched, extracted, run_id))
            counts["pages"] += batch.height
            rate = batch.height / max(time.perf_counter() - t0, 1e-9)
            log.info("batch %d/%d: %d pages, %d articles, %d rejects so far (%.1f pages/s)",
                     i, n_batches, batch.height, counts["articles"], counts["rejects"], rate)
            if on_batch is not None:
                on_batch(batch.height, counts)
        check_run(p, run_id, rec)
        if digest:
            publish_digest(con, p.db_file)
    return rec.counts, rec.failed, rec.status


@flow(name="nightly", log_prints=False, persist_result=False)
def nightly(sources: list[str] | None = None, db_path: str | None = None,
            since: date | None = None, until: date | None = None, catch_up: bool = True,
            db_wait: float | None = None) -> dict:
    """Run the whole pipeline over the sources; returns the run summary (counts and duration).

    Without `since`, each dated source (feed, sitemap, WARC, sources file) is processed from the day
    after its watermark (the last complete day an earlier run processed) to today, so missed nights
    are caught up; `catch_up=False` ignores the watermarks. Undated sources are processed as given."""
    settings = get_settings()
    log = get_run_logger()
    run_id = str(flow_run.id or uuid.uuid4())
    source_args = list(sources) if sources else [str(settings.sources)]
    db_file = Path(db_path) if db_path else settings.db
    today = datetime.now(UTC).date()
    keys = {arg: watermarks.source_key(arg) for arg in source_args if watermarks.is_dated(arg)}

    with open_pipeline(settings, db_file, db_wait) as p:
        old = watermarks.read(p.con, keys.values())
        windows: dict[str, date | None] = {arg: since for arg in source_args}
        if since is None and catch_up:
            for arg, key in keys.items():
                windows[arg] = watermarks.catch_up_since(old.get(key))
                if key in old:
                    log.info("source %s: catching up from %s (watermark %s)", arg, windows[arg], old[key])
        params = {"sources": source_args, "db": str(db_file), "since": str(since or ""), "until": str(until or ""),
                  "windows": {a: str(w or "") for a, w in windows.items() if a in keys}}
        counts, failed, status = run_partition(p, source_args, windows, until, run_id, "nightly", params)
        # The data is in (even when a check failed): the next night starts after the last complete day.
        watermarks.advance(p.con, settings.sql_dir, {keys[a]: windows[a] for a in keys}, old, until, today, run_id)
    if failed:
        # The data is loaded and the report written; the run still has to show red.
        raise DataCheckFailed(f"data checks failed: {', '.join(failed)} (see check_results for run {run_id})")
    return {"run_id": run_id, "db": str(db_file), "status": status, **counts}


class DataCheckFailed(RuntimeError):
    """A check of severity error found bad rows after the load."""
