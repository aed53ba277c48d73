"""`make bench CLUSTER=1`: the same pages through the local pool and through a 2-worker loopback
Dask cluster, pages/s side by side.

Both sides start warm (models loaded in every process before the clock starts) and do the same
work per page: read the body from the raw store, extract, and build the table rows; the cluster
side also stages its rows as Parquet and reads them back for the commit, as a cluster run does.
Pages are the bundled sample pages, each copy made distinct (a comment) so it is its own page.
Runs no Prefect and no database: it measures the engine, not the flow around it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows.settings import PROJECT_ROOT, Settings


def make_fetched(store, n: int) -> pl.DataFrame:
    """n distinct pages in the raw store, as the raw_pages rows a fetch would give."""
    from transforms.tables import schemas

    originals = sorted((PROJECT_ROOT / "seeds" / "sample").glob("*.html"))
    now = datetime.now(UTC)
    rows = []
    for i in range(n):
        src = originals[i % len(originals)]
        sha = store.put(src.read_bytes() + f"\n<!-- copy {i} -->\n".encode())
        rows.append({c: None for c in schemas.RAW_PAGES} | {
            "fetch_id": f"bench-{i}", "url": f"https://bench.example/{i}/{src.name}", "sha256": sha, "status": 200,
            "content_type": "text/html", "fetched_at": now, "detail": None, "language": None})
    return schemas.frame(rows, {**schemas.RAW_PAGES, "detail": pl.String, "language": pl.String})


def _cpu() -> float:
    """CPU seconds of this process and every live process under it (pool workers, nannies, Dask
    workers): on a shared machine, pages per CPU-second is steadier than pages per second."""
    import psutil

    total = 0.0
    for proc in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            t = proc.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def local_pool(config, fetched: pl.DataFrame, workers: int) -> tuple[float, float]:
    from flows.extract import Extractor
    from flows.shards import jobs_of
    from transforms.tables import RunContext, result_frames

    jobs = jobs_of(fetched)
    with Extractor(config, workers) as ex:
        ex.run(jobs[: workers * 30])  # warm: every pool process loads its models
        t0, c0 = time.perf_counter(), _cpu()
        results = ex.run(jobs)
        result_frames([(r, {"sha256": j.sha256, "fetched_at": j.fetched_at, "source": j.source})
                       for r, j in zip(results, jobs, strict=True)], RunContext("bench", datetime.now(UTC)))
        return len(jobs) / (time.perf_counter() - t0), len(jobs) / (_cpu() - c0)


def cluster(config, fetched: pl.DataFrame, workers: int, shard_pages: int, staging: str) -> tuple[float, float]:
    import dask
    from distributed import Client, LocalCluster

    from flows.cluster_ops import WORKER_ENV
    from flows.io.staging import Staging
    from flows.shards import ShardSpec, run_shard

    now = datetime.now(UTC)
    os.environ.update(WORKER_ENV)  # the worker settings `make cluster` uses; the workers inherit them
    dask.config.refresh()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as lc, Client(lc) as client:
        client.wait_for_workers(workers)
        warm = fetched.head(30)  # every sample page once: both languages' models and lazy tables loaded
        client.run(lambda: run_shard(ShardSpec("warm", f"w{os.getpid()}", warm, now, config, staging, {})))
        specs = [ShardSpec("bench", f"s{i:05d}", fetched.slice(off, shard_pages), now, config, staging, {})
                 for i, off in enumerate(range(0, fetched.height, shard_pages))]
        t0, c0 = time.perf_counter(), _cpu()
        futures = client.map(run_shard, specs, pure=False)
        stage = Staging(staging)
        for fut, spec in zip(futures, specs, strict=True):
            fut.result()
            stage.read(spec.run_id, spec.shard_id)
        return fetched.height / (time.perf_counter() - t0), fetched.height / (_cpu() - c0)


def main(argv: list[str] | None = None) -> int:
    from flows.io.rawstore import RawStore
    from flows.pipeline import worker_config

    p = argparse.ArgumentParser(prog="python -m flows.bench_cluster", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=240)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--shard-pages", type=int, default=40)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="news-bench-cluster-") as tmp:
        store = RawStore(Path(tmp) / "raw")
        fetched = make_fetched(store, args.pages)
        config = worker_config(Settings(), store)
        local, local_cpu = local_pool(config, fetched, args.workers)
        remote, remote_cpu = cluster(config, fetched, args.workers, args.shard_pages, str(Path(tmp) / "staging"))
        print(f"{args.pages} pages, {args.workers} processes each on the same cores, warm (models loaded):")
        print(f"  {'':14} {'pages/s':>8} {'pages/CPU-s':>12}")
        print(f"  {'local pool':14} {local:8.1f} {local_cpu:12.2f}")
        print(f"  {'Dask cluster':14} {remote:8.1f} {remote_cpu:12.2f}   (shards of {args.shard_pages} pages)")
        print(f"  cluster / local: {remote / local:.2f}x pages/s, {remote_cpu / local_cpu:.2f}x pages/CPU-s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
