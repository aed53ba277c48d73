"""Backfill: the pipeline over a range of days, one day partition at a time, resumable.

Each day is one Prefect subflow run (`backfill-day`, about 1.2 s of overhead per day) that runs the
pipeline with since = until = that day: feed and sitemap entries dated that day, WARC records
captured that day; undated sources (URL lists, folders) are processed as given on the first day and
are known URLs after that. All days share one database connection, one Fetcher (its concurrency
limit and per-host rate hold across the whole backfill) and one Extractor pool.

With a cluster (`--cluster`), the days are not run one after another: flows/backfill_cluster.py keeps
several days' shards in flight at once, and records each day the same way when its last shard is in.

Every (day, source) is recorded in `backfill_days`. A completed day is skipped by the next call
over the same range unless `force`; a day that was running when the process died (Ctrl-C, kill) is
redone. Every batch is loaded in one transaction, so a killed backfill leaves whole batches behind,
and the URLs already loaded are not fetched again when the day is redone.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import watermarks
from flows.backfill_cluster import ClusterBackfill
from flows.io import db
from flows.pipeline import BatchHook, DataCheckFailed, Partition, Pipeline, open_pipeline
from flows.progress import DayProgress
from flows.settings import get_settings

DONE = ("completed", "failed_checks")  # the day's data is loaded; a failed check is reported, not redone

def day_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def done_days(p: Pipeline, start: date, end: date, keys: list[str]) -> set[tuple[date, str]]:
    rows = db.run_sql(p.con, p.settings.sql_dir, "queries/backfill_done_days.sql",
                      params={"start": start, "end": end, "done": list(DONE)})
    return {(d, k) for d, k in rows if k in keys}


def _record(p: Pipeline, day: date, keys: list[str], run_id: str, status: str, counts: dict | None,
            started: datetime, finished: datetime | None) -> None:
    sql = db.read_sql(p.settings.sql_dir, "load/backfill_day.sql")
    with db.transaction(p.con):
        for key in keys:
            db.execute(p.con, sql, {"day": day, "source_key": key, "run_id": run_id, "status": status,
                                    "counts": json.dumps(counts) if counts is not None else None,
                                    "started_at": started, "finished_at": finished})


# The pipeline (a connection, a fetcher, a process pool) is handed in as a parameter: Prefect stores
# an unserialisable parameter as a placeholder, so validation is off and nothing goes to the API.
@flow(name="backfill-day", flow_run_name="backfill-{day}", log_prints=False, persist_result=False,
      validate_parameters=False)
def backfill_day(p: Pipeline, day: date, sources: list[str], backfill_id: str, hook: BatchHook | None = None) -> dict:
    """One day partition of a backfill (runs inside `backfill`, on its shared pipeline)."""
    run_id = str(flow_run.id or uuid.uuid4())
    keys = [watermarks.source_key(a) for a in sources]
    started = datetime.now(UTC)
    _record(p, day, keys, run_id, "running", None, started, None)
    params = {"sources": sources, "db": str(p.db_file), "day": str(day), "backfill_id": backfill_id}
    try:
        rec = p.run(Partition(sources, dict.fromkeys(sources, day), day, run_id, "backfill", params),
                    on_batch=hook, digest=False)
    except Exception:
        _record(p, day, keys, run_id, "failed", None, started, datetime.now(UTC))
        raise
    _record(p, day, keys, run_id, rec.status, dict(rec.counts), started, datetime.now(UTC))
    return {"day": str(day), "run_id": run_id, "status": rec.status, "failed_checks": rec.failed, **rec.counts}


def _one_by_one(p: Pipeline, todo: list[tuple[date, list[str]]], backfill_id: str, bar: DayProgress) -> Iterator[dict]:
    """The local way: one day after another, each a `backfill-day` subflow."""
    for day, args in todo:
        bar.day_started(day)
        result = backfill_day(p=p, day=day, sources=args, backfill_id=backfill_id, hook=bar.batch)
        bar.day_done(day, result, result["status"])
        yield result


@flow(name="backfill", log_prints=False, persist_result=False)
def backfill(start: date, end: date, sources: list[str] | None = None, db_path: str | None = None,
             force: bool = False, db_wait: float | None = None, progress: bool = False) -> dict:
    """Process every day from `start` to `end` (inclusive) as its own partition; skip the days a
    previous call completed unless `force`. Returns totals; raises DataCheckFailed at the end when a
    check of severity error failed on some day (the other days still ran)."""
    if end < start:
        raise ValueError(f"backfill: end {end} is before start {start}")
    settings = get_settings()
    log = get_run_logger()
    backfill_id = str(flow_run.id or uuid.uuid4())
    source_args = list(sources) if sources else [str(settings.sources)]
    db_file = Path(db_path) if db_path else settings.db
    keys = {a: watermarks.source_key(a) for a in source_args}
    days = day_range(start, end)
    totals: Counter[str] = Counter()
    checks_failed: dict[str, list[str]] = {}
    t0 = time.perf_counter()

    with open_pipeline(settings, db_file, db_wait) as p:
        done = set() if force else done_days(p, start, end, list(keys.values()))
        plan = [(d, [a for a in source_args if (d, keys[a]) not in done]) for d in days]
        skipped = [d for d, todo in plan if not todo]
        todo = [(d, args) for d, args in plan if args]
        log.info("backfill %s .. %s: %d day(s), %d already done, %d to do", start, end, len(days),
                 len(skipped), len(todo))
        with DayProgress(len(todo), enabled=progress) as bar:
            bar.skipped(skipped)
            if p.cluster is not None:
                driver = ClusterBackfill(p, backfill_id, bar, _record, settings.cluster_days_in_flight)
                results: Iterable[dict] = driver.run(todo)
            else:
                results = _one_by_one(p, todo, backfill_id, bar)
            for result in results:
                totals.update({k: v for k, v in result.items() if isinstance(v, int) and not isinstance(v, bool)})
                totals["days_done"] += 1
                if result["failed_checks"]:
                    checks_failed[result["day"]] = result["failed_checks"]
        if p.cluster is not None:
            totals["days_in_flight_max"] = driver.most_days_together
    seconds = round(time.perf_counter() - t0, 2)
    summary = {"backfill_id": backfill_id, "db": str(db_file), "days": len(days), "days_skipped": len(skipped),
               "days_done": 0, "urls": 0, "pages": 0, "fetched": 0, "articles": 0, "rejects": 0, **totals,
               "seconds": seconds,
               "seconds_per_day": round(seconds / totals["days_done"], 2) if totals["days_done"] else 0.0}
    summary.pop("duration_s", None)
    if checks_failed:
        names = sorted({c for cs in checks_failed.values() for c in cs})
        raise DataCheckFailed(f"data checks failed on {len(checks_failed)} day(s): {', '.join(names)} "
                              "(see check_results)")
    return summary
