"""The nightly flow: discover -> fetch -> extract -> load, batch by batch."""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import tasks
from flows.digest import publish_digest
from flows.extract import Extractor, WorkerConfig
from flows.io import db
from flows.io.fetch import Fetcher, FetchPolicy
from flows.io.rawstore import RawStore
from flows.io.sources import DiscoverOptions, load_publishers
from flows.reference import load_agencies
from flows.settings import Settings, get_settings
from transforms.incremental import RefetchPolicy
from transforms.page import ExtractOptions


def worker_config(s: Settings, store: RawStore) -> WorkerConfig:
    options = ExtractOptions(min_words=s.min_words, agencies=load_agencies(s.seeds_dir), semantics=s.ner)
    return WorkerConfig(str(store.root), options, s.ner_model_de, s.ner_model_en,
                        str(s.seeds_dir / "gazetteer_names.csv"))


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


@flow(name="nightly", log_prints=False, persist_result=False)
def nightly(sources: list[str] | None = None, db_path: str | None = None,
            since: date | None = None, until: date | None = None) -> dict:
    """Run the whole pipeline over the sources; returns the run summary (counts and duration)."""
    settings = get_settings()
    log = get_run_logger()
    started = time.perf_counter()
    run_id = str(flow_run.id or uuid.uuid4())
    source_args = list(sources) if sources else [str(settings.sources)]
    db_file = Path(db_path) if db_path else settings.db
    store = RawStore(settings.raw_dir or db_file.parent / "raw")
    params = {"sources": source_args, "db": str(db_file), "since": str(since or ""), "until": str(until or "")}

    con = db.connect(db_file, wait_seconds=30)
    try:
        db.apply_schema(con, settings.sql_dir)
        db.execute(con, db.read_sql(settings.sql_dir, "load/run_start.sql"), {
            "run_id": run_id, "flow": "nightly", "parameters": json.dumps(params),
            "started_at": datetime.now(UTC)})
        counts: Counter[str] = Counter()
        failed: list[str] = []
        status = "failed"
        stack = ExitStack()  # closes the HTTP client
        try:
            fetcher = stack.enter_context(Fetcher(fetch_policy(settings), store, warn=log.warning))
            found = tasks.discover(source_args, fetcher, discover_options(settings, db_file, since, until),
                                   load_publishers(settings.seeds_dir / "publishers.csv"))
            counts["urls"] = found.height
            urls, counts["skipped_known"] = tasks.plan_fetch(con, found, refetch_policy(settings))
            log.info("discovered %d URLs from %d source(s); %d already loaded, %d to fetch",
                     found.height, len(source_args), counts["skipped_known"], urls.height)
            config = worker_config(settings, store)
            n_batches = max(1, -(-urls.height // settings.batch_size))
            with Extractor(config, settings.workers, settings.executor) as extractor:
                for i, offset in enumerate(range(0, urls.height, settings.batch_size), start=1):
                    t0 = time.perf_counter()
                    batch = urls.slice(offset, settings.batch_size)
                    fetched = tasks.fetch_batch(batch, fetcher, run_id)
                    extracted = tasks.extract_batch(fetched, extractor)
                    counts.update(tasks.load_batch(con, settings.sql_dir, fetched, extracted, run_id))
                    rate = batch.height / max(time.perf_counter() - t0, 1e-9)
                    log.info("batch %d/%d: %d pages, %d articles, %d rejects so far (%.1f pages/s)",
                             i, n_batches, batch.height, counts["articles"], counts["rejects"], rate)
            checks = tasks.checks_and_report(con, settings.sql_dir, run_id, dict(counts))
            failed = [c.check for c in checks if c.failed and c.severity == "error"]
            counts["check_failures"] = len(failed)
            publish_digest(con, db_file)
            status = "failed_checks" if failed else "completed"
        finally:
            stack.close()
            counts["duration_s"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
            db.execute(con, db.read_sql(settings.sql_dir, "load/run_finish.sql"), {
                "run_id": run_id, "finished_at": datetime.now(UTC), "counts": json.dumps(dict(counts)),
                "status": status})
    finally:
        con.close()
    if failed:
        # The data is loaded and the report written; the run still has to show red.
        raise DataCheckFailed(f"data checks failed: {', '.join(failed)} (see check_results for run {run_id})")
    return {"run_id": run_id, "db": str(db_file), **counts}


class DataCheckFailed(RuntimeError):
    """A check of severity error found bad rows after the load."""
