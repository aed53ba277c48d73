"""Extraction on a Dask cluster, driven by Prefect: shards out, staged Parquet back, one committer.

The driver (the flow's process) keeps what must be single: discovery, polite fetching into the raw
store, and the database. Each fetched batch is cut into shards (`NEWS_CLUSTER_SHARD_PAGES` pages);
each shard is one Prefect task (`extract-shard`, with retries) that hands one plain function,
`flows.shards.run_shard`, to the cluster through `distributed.Client.submit` and waits for it. The
worker extracts and stages the shard's rows as Parquet; the driver commits each staged shard as it
arrives (`flows.commit`), one transaction per shard, and removes it from the staging area. A run
removes its staging folder when it ends; the next run on the database clears what a killed driver
left (`Cluster.clear_leftovers`). A backfill keeps several days' shards in flight (flows/backfill_cluster.py).

Why plain `Client.submit` inside a Prefect task rather than `prefect_dask.DaskTaskRunner`: the code
on the workers never touches Prefect, so no worker needs a Prefect API (in ephemeral mode every
worker would start its own temporary server) and worker logs or task-run records cannot overload
the API; Prefect still sees one task run per shard with its retries and states, on the driver.

A worker that dies mid-shard (SIGKILL, OOM) loses nothing: the scheduler gives the shard to another
worker (the nanny restarts the dead one), the shard's files have deterministic names and a manifest
written last, and the commit's statements are idempotent.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed

from flows.commit import CommitTarget
from flows.extract import WorkerConfig
from flows.io import db
from flows.io.staging import Staging
from flows.shards import ClusterError, ShardError, ShardSpec, run_shard

__all__ = ["Cluster", "ClusterError", "ShardError", "commit_shard", "extract_shard"]

NOT_SUMMED = ("pages", "worker_pid")


@dataclass
class Cluster:
    """A connection to a Dask scheduler plus where shards stage their rows. Use as a context manager."""

    address: str
    config: WorkerConfig
    staging_url: str
    storage_options: dict = field(default_factory=dict)
    shard_pages: int = 100
    connect_timeout: float = 10.0
    client: Any = None  # distributed.Client once entered (imported lazily: the CLI stays fast)
    run_ids: set[str] = field(default_factory=set)  # runs with shards staged, until `finish_run`

    def __post_init__(self) -> None:
        self.staging = Staging(self.staging_url, self.storage_options)

    def __enter__(self) -> Cluster:
        from distributed import Client

        try:
            self.client = Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.address} ({exc}); start one with "
                               "`make cluster` or `dask scheduler`, or run without --cluster") from None
        return self

    def __exit__(self, *exc: object) -> None:
        for run_id in list(self.run_ids):  # runs that did not finish (an error, Ctrl-C)
            self.finish_run(run_id)
        if self.client is not None:
            self.client.close()
            self.client = None

    def shards(self, fetched: pl.DataFrame, run_id: str, batch_no: int, with_raw_pages: bool,
               label: str = "") -> list[ShardSpec]:
        now = datetime.now(UTC)
        self.run_ids.add(run_id)
        return [ShardSpec(run_id, f"{label}b{batch_no:05d}-s{i:04d}", fetched.slice(off, self.shard_pages), now,
                          self.config, self.staging_url, self.storage_options, with_raw_pages)
                for i, off in enumerate(range(0, fetched.height, self.shard_pages))]

    def submit(self, fetched: pl.DataFrame, run_id: str, batch_no: int, with_raw_pages: bool = True,
               label: str = "") -> list[PrefectFuture]:
        """One `extract-shard` task per shard of the batch, running (on the flow's thread pool) while
        the caller goes on; `label` starts the shard ids (a backfill day), so task runs name their day."""
        specs = self.shards(fetched, run_id, batch_no, with_raw_pages, label)
        return [extract_shard.submit(self, spec) for spec in specs]

    def collect(self, future: PrefectFuture, target: CommitTarget) -> tuple[ShardSpec, Counter]:
        """Commit one finished shard (raises its ShardError when it failed after its retries); returns
        the shard and its counts: rows loaded plus what the worker counted."""
        spec, shard_counts = future.result()
        counts = Counter(commit_shard(self.staging, target, spec.run_id, spec.shard_id))
        counts.update({k: v for k, v in shard_counts.items() if k not in NOT_SUMMED})
        counts["shards"] += 1
        return spec, counts

    def run_batch(self, fetched: pl.DataFrame, run_id: str, batch_no: int, target: CommitTarget,
                  with_raw_pages: bool = True) -> Counter:
        """Extract one fetched batch on the cluster and commit it shard by shard; returns the counts a
        local `load_batch` returns, plus `shards`. `with_raw_pages=False`: the pages are already in
        raw_pages (reprocessing), only the extraction's rows are committed."""
        counts: Counter = Counter()
        for fut in as_completed(self.submit(fetched, run_id, batch_no, with_raw_pages)):
            counts.update(self.collect(fut, target)[1])
        return counts

    def slots(self) -> int:
        """Worker threads on the cluster now (it may grow or shrink while a run goes on)."""
        return max(1, sum(self.client.nthreads().values()))

    def finish_run(self, run_id: str) -> None:
        """The run is over: its staging folder goes (committed shards are removed one by one already;
        this takes what a failed run left). A failure here only leaves work for `clear_leftovers`."""
        self.run_ids.discard(run_id)
        try:
            self.staging.remove_run(run_id)
        except OSError:
            pass

    def clear_leftovers(self, con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[str]:
        """Remove the staging folders of earlier runs of this database; returns their run ids.

        Called when a run starts, holding the database, so none of those runs is still going. What a
        killed driver left is either committed already (it died between commit and removal) or was
        never committed, and then its run is redone: its URLs are not in raw_pages, so they are
        fetched and extracted again. Committing such a shard now could put an older extraction over
        a newer one (articles are upserted by content hash), so it is removed, not committed. Folders
        of runs this database does not know (another database sharing the staging area) stay."""
        found = self.staging.runs()
        if not found:
            return []
        ours = [r for (r,) in db.run_sql(con, sql_dir, "queries/staged_runs.sql", params={"run_ids": found})]
        for run_id in ours:
            self.staging.remove_run(run_id)
        return ours


@task(name="extract-shard", task_run_name="extract-shard-{spec.shard_id}", retries=2, retry_delay_seconds=[2, 10],
      cache_policy=NO_CACHE, persist_result=False)
def extract_shard(cluster: Cluster, spec: ShardSpec) -> tuple[ShardSpec, dict]:
    """Run one shard on the cluster and wait for it. A fresh key per attempt: Dask would otherwise
    hand back the failed future of the attempt before."""
    fut = cluster.client.submit(run_shard, spec, key=f"shard-{spec.run_id[:8]}-{spec.shard_id}-{uuid.uuid4().hex[:8]}",
                                pure=False)
    try:
        counts = fut.result()
    except ShardError:
        raise
    except Exception as exc:  # KilledWorker, lost scheduler, ...: the shard's reason in one line
        raise ShardError(f"shard {spec.shard_id}: {type(exc).__name__}: {exc}"[:800]) from exc
    get_run_logger().debug("shard %s: %s", spec.shard_id, counts)
    return spec, counts


@task(name="commit-shard", cache_policy=NO_CACHE, persist_result=False)
def commit_shard(staging: Staging, target: CommitTarget, run_id: str, shard_id: str) -> dict[str, int]:
    """The single writer: one staged shard into the database in one transaction, then unstaged."""
    frames, _ = staging.read(run_id, shard_id)
    loaded = target.commit(frames)
    staging.remove(run_id, shard_id)
    return loaded
