"""A shard: the unit of work on a cluster worker. Plain functions, no Prefect (see flows/cluster.py).

A shard is a slice of one batch's fetched pages (raw_pages rows; the bodies are in the raw store).
On a worker, `run_shard` extracts every page of the slice with the same per-page entry point as the
local pool (`flows.extract.run_job`: the process sets itself up once, models included), builds
the rows of every table (`result_frames`) and stages them as Parquet under the shard's deterministic
name, together with the slice's raw_pages rows and fetch rejects, so that one commit loads the whole
slice in one transaction. It returns counts only: nothing big travels back to the scheduler.

A remote raw store (s3://...) is read into a per-process local cache first (same layout), so the
extractor reads local files; a store the worker cannot reach fails the shard with `ShardError`,
naming the store, the worker host and the cause.
"""

from __future__ import annotations

import os
import socket
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import polars as pl

from flows.extract import PageJob, WorkerConfig, run_job
from flows.io.fsstore import FsRawStore, is_remote, local_path
from flows.io.rawstore import RawStore
from flows.io.staging import Staging
from transforms.tables import RunContext, result_frames, schemas


class ShardError(RuntimeError):
    """A shard cannot run on this worker; the message says which store or file and why."""


class ClusterError(RuntimeError):
    """The cluster cannot be used (scheduler unreachable); the message says what to do."""


@dataclass(frozen=True)
class ShardSpec:
    run_id: str
    shard_id: str
    fetched: pl.DataFrame  # the slice's raw_pages rows (fetch_batch's frame), failures included
    now: datetime  # the load time of the slice's rows: fixed by the driver, so a retry writes the same rows
    config: WorkerConfig  # raw_root is the raw store's URL or path
    staging_url: str
    storage_options: dict  # for the raw store and the staging area (S3 endpoint, time-outs)
    with_raw_pages: bool = True  # stage the slice's raw_pages rows and fetch rejects (not when reprocessing)


def jobs_of(fetched: pl.DataFrame) -> list[PageJob]:
    ok = fetched.filter(pl.col("error").is_null() & pl.col("sha256").is_not_null())
    return [PageJob(r["url"], r["final_url"] or r["url"], r["sha256"], r["content_type"], r["charset"],
                    r["fetched_at"], r["source"], r["language"]) for r in ok.iter_rows(named=True)]


def fetch_rejects(fetched: pl.DataFrame, run_id: str, now: datetime) -> pl.DataFrame:
    return fetched.filter(pl.col("error").is_not_null()).select(
        "url", pl.lit("fetch").alias("stage"), pl.col("error").alias("reason"), "detail", "source",
        pl.lit(run_id).alias("run_id"), pl.lit(now, dtype=schemas.TS).alias("rejected_at"))


def _cache_dir() -> Path:
    return Path(os.environ.get("NEWS_WORKER_CACHE") or Path(tempfile.gettempdir()) / "news-etl-raw-cache")


def _local_config(spec: ShardSpec, jobs: list[PageJob]) -> WorkerConfig:
    """The worker configuration with a raw store this process can read as local files."""
    where = f"worker {socket.gethostname()} (pid {os.getpid()})"
    raw = spec.config.raw_root
    if not is_remote(raw):
        root = local_path(raw)
        if not root.is_dir():
            raise ShardError(f"shard {spec.shard_id}: raw store {raw} is not a folder on {where}; "
                             "workers on other machines need a shared store (NEWS_RAW_URL=s3://...)")
        return replace(spec.config, raw_root=str(root))
    cache = RawStore(_cache_dir())
    try:
        remote = FsRawStore(raw, spec.storage_options)
        for job in jobs:
            path = cache.path_for(job.sha256)
            if path.exists():
                continue
            try:
                data = remote.get_gz(job.sha256)
            except FileNotFoundError:
                continue  # a page missing from a reachable store: that page is rejected (raw_missing)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
            tmp.write_bytes(data)
            os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - any failure to reach the store is the shard's reason
        raise ShardError(f"shard {spec.shard_id}: cannot read raw store {raw} from {where}: "
                         f"{type(exc).__name__}: {exc}"[:800]) from None
    return replace(spec.config, raw_root=str(cache.root))


def run_shard(spec: ShardSpec) -> dict:
    """Extract the shard's pages, stage its rows; returns counts (pages, articles, rejects, ...)."""
    jobs = jobs_of(spec.fetched)
    config = _local_config(spec, jobs)
    results = [run_job(config, job) for job in jobs]
    extracted = [(res, {"sha256": j.sha256, "fetched_at": j.fetched_at, "source": j.source})
                 for res, j in zip(results, jobs, strict=True)]
    frames = result_frames(extracted, RunContext(spec.run_id, spec.now))
    counts = {"pages": spec.fetched.height, "worker_pid": os.getpid()}
    if spec.with_raw_pages:
        frames["raw_pages"] = spec.fetched.select(list(schemas.RAW_PAGES))
        frames["fetch_rejects"] = fetch_rejects(spec.fetched, spec.run_id, spec.now)
        counts["fetched"] = spec.fetched.filter(pl.col("error").is_null()).height
        counts["not_modified"] = spec.fetched.filter(pl.col("not_modified").fill_null(False)).height
    try:
        Staging(spec.staging_url, spec.storage_options).write(spec.run_id, spec.shard_id, frames, counts)
    except Exception as exc:  # noqa: BLE001 - the shard's reason, not a bare traceback
        raise ShardError(f"shard {spec.shard_id}: cannot write staging area {spec.staging_url}: "
                         f"{type(exc).__name__}: {exc}"[:800]) from None
    return counts
