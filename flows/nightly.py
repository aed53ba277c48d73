"""The nightly flow: discover -> fetch -> extract -> load, batch by batch."""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import tasks
from flows.extract import Extractor, WorkerConfig
from flows.io import db
from flows.io.fetch import FetchPolicy
from flows.io.rawstore import RawStore
from flows.reference import load_agencies
from flows.settings import Settings, get_settings
from transforms.page import ExtractOptions


def fetch_policy(s: Settings) -> FetchPolicy:
    return FetchPolicy(user_agent=s.user_agent, timeout=s.http_timeout, max_bytes=s.http_max_bytes,
                       max_redirects=s.http_max_redirects, retries=s.http_retries, backoff=s.http_backoff,
                       concurrency=s.http_concurrency)


@flow(name="nightly", log_prints=False, persist_result=False)
def nightly(sources: list[str] | None = None, db_path: str | None = None) -> dict:
    """Run the whole pipeline over the sources; returns the run summary (counts and duration)."""
    settings = get_settings()
    log = get_run_logger()
    started = time.perf_counter()
    run_id = str(flow_run.id or uuid.uuid4())
    source_args = list(sources) if sources else [str(settings.sources)]
    db_file = Path(db_path) if db_path else settings.db
    store = RawStore(settings.raw_dir or db_file.parent / "raw")
    params = {"sources": source_args, "db": str(db_file)}

    con = db.connect(db_file, wait_seconds=30)
    try:
        db.apply_schema(con, settings.sql_dir)
        db.execute(con, db.read_sql(settings.sql_dir, "load/run_start.sql"), {
            "run_id": run_id, "flow": "nightly", "parameters": json.dumps(params),
            "started_at": datetime.now(UTC)})
        counts: Counter[str] = Counter()
        status = "failed"
        try:
            urls = tasks.discover(source_args)
            counts["urls"] = urls.height
            log.info("discovered %d URLs from %d source(s)", urls.height, len(source_args))
            options = ExtractOptions(min_words=settings.min_words, agencies=load_agencies(settings.seeds_dir))
            config = WorkerConfig(str(store.root), options)
            policy = fetch_policy(settings)
            n_batches = max(1, -(-urls.height // settings.batch_size))
            with Extractor(config, settings.workers, settings.executor) as extractor:
                for i, offset in enumerate(range(0, urls.height, settings.batch_size), start=1):
                    t0 = time.perf_counter()
                    batch = urls.slice(offset, settings.batch_size)
                    fetched = tasks.fetch_batch(batch, store, policy, run_id)
                    extracted = tasks.extract_batch(fetched, extractor)
                    counts.update(tasks.load_batch(con, settings.sql_dir, fetched, extracted, run_id))
                    rate = batch.height / max(time.perf_counter() - t0, 1e-9)
                    log.info("batch %d/%d: %d pages, %d articles, %d rejects so far (%.1f pages/s)",
                             i, n_batches, batch.height, counts["articles"], counts["rejects"], rate)
            status = "completed"
        finally:
            counts["duration_s"] = round(time.perf_counter() - started, 2)  # type: ignore[assignment]
            db.execute(con, db.read_sql(settings.sql_dir, "load/run_finish.sql"), {
                "run_id": run_id, "finished_at": datetime.now(UTC), "counts": json.dumps(dict(counts)),
                "status": status})
    finally:
        con.close()
    return {"run_id": run_id, "db": str(db_file), **counts}
