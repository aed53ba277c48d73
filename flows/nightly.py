"""The nightly flow: the pipeline over every source, each dated source from its watermark to today.

The pipeline itself (discover -> fetch -> extract -> load, batch by batch, then checks and report)
lives in `flows.pipeline`; this flow decides the window of each source and advances the watermarks.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from flows import watermarks
from flows.pipeline import DataCheckFailed, Partition, open_pipeline
from flows.settings import get_settings

__all__ = ["DataCheckFailed", "nightly"]


@flow(name="nightly", log_prints=False, persist_result=False)
def nightly(sources: list[str] | None = None, db_path: str | None = None,
            since: date | None = None, until: date | None = None, catch_up: bool = True,
            db_wait: float | None = None) -> dict:
    """Run the whole pipeline over the sources; returns the run summary (counts and duration).

    Without `since`, each dated source (feed, sitemap, WARC, sources file) is processed from the day
    after its watermark (the last complete day an earlier run processed) to today, so missed nights
    are caught up; `catch_up=False` ignores the watermarks. Undated sources are processed as given.
    A flow is an entry point (a deployment run starts here), so it reads the settings."""
    settings = get_settings()
    log = get_run_logger()
    run_id = str(flow_run.id or uuid.uuid4())
    source_args = list(sources) if sources else [str(settings.sources)]
    db_file = Path(db_path) if db_path else settings.db
    today = datetime.now(UTC).date()
    keys = {arg: watermarks.source_key(arg) for arg in source_args if watermarks.is_dated(arg)}

    with open_pipeline(settings, db_file, db_wait) as p:
        old = watermarks.read(p.con, settings.sql_dir, keys.values())
        windows: dict[str, date | None] = {arg: since for arg in source_args}
        if since is None and catch_up:
            for arg, key in keys.items():
                windows[arg] = watermarks.catch_up_since(old.get(key))
                if key in old:
                    log.info("source %s: catching up from %s (watermark %s)", arg, windows[arg], old[key])
        params = {"sources": source_args, "db": str(db_file), "since": str(since or ""), "until": str(until or ""),
                  "windows": {a: str(w or "") for a, w in windows.items() if a in keys}}
        rec = p.run(Partition(source_args, windows, until, run_id, "nightly", params))
        # The data is in (even when a check failed): the next night starts after the last complete day.
        watermarks.advance(p.con, settings.sql_dir, {keys[a]: windows[a] for a in keys}, old, until, today, run_id)
    if rec.failed:
        # The data is loaded and the report written; the run still has to show red.
        raise DataCheckFailed(f"data checks failed: {', '.join(rec.failed)} (see check_results for run {run_id})")
    return {"run_id": run_id, "db": str(db_file), "status": rec.status, **rec.counts}


