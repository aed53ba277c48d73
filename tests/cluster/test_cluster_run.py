"""Runs through a real Dask cluster (scheduler + 2 worker processes on loopback) against a local run
of the same pages: same articles, quotes and entities; a worker killed mid-run loses and duplicates
nothing; raw store and staging on an S3-compatible server; an unreachable raw store fails the shard."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import UTC, datetime

import duckdb
import pytest

from tests.conftest import SAMPLE_DIR, sample_pages

pytestmark = pytest.mark.slow

TABLES = {
    "articles": "SELECT article_id, content_hash, url FROM articles",
    "quotes": "SELECT article_id, quote_hash, speaker FROM quotes",
    "entities": "SELECT article_id, entity_id, name FROM article_entities",
    "captions": "SELECT article_id, caption FROM photo_captions",
}


def rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return sorted(con.execute(sql).fetchall(), key=repr)


def run_cli(*args: str) -> int:
    """`news-etl run` over the sample pages, in this process (under the session's Prefect harness)."""
    from flows.cli import main
    from flows.settings import get_settings

    try:
        return main(["run", "--source", str(SAMPLE_DIR), *args])
    finally:
        os.environ.pop("NEWS_CLUSTER", None)  # main() sets it from --cluster
        get_settings.cache_clear()


def test_cluster_run_gives_the_same_rows_as_a_local_run(prefect_harness, cluster_settings, tmp_path):
    assert run_cli("--db", str(tmp_path / "local.duckdb")) == 0
    assert run_cli("--db", str(tmp_path / "cluster.duckdb"), "--cluster", cluster_settings["address"]) == 0

    for name, sql in TABLES.items():
        local, remote = rows(tmp_path / "local.duckdb", sql), rows(tmp_path / "cluster.duckdb", sql)
        assert local == remote, name
    assert len(rows(tmp_path / "cluster.duckdb", TABLES["articles"])) == len(sample_pages())
    assert rows(tmp_path / "cluster.duckdb", TABLES["quotes"]) and rows(tmp_path / "cluster.duckdb", TABLES["entities"])
    counts = rows(tmp_path / "cluster.duckdb", "SELECT status, (counts->>'shards')::INT FROM runs")
    assert counts == [("completed", -(-len(sample_pages()) // 2))]
    assert not any((tmp_path / "staging").rglob("*.parquet"))  # every staged shard was committed and removed

    # Re-extraction on the cluster: same pages, nothing changes.
    from flows.cli import main

    try:
        assert main(["reprocess", "--db", str(tmp_path / "cluster.duckdb"), "--cluster", cluster_settings["address"]]) == 0
    finally:
        os.environ.pop("NEWS_CLUSTER", None)
    for name, sql in TABLES.items():
        assert rows(tmp_path / "local.duckdb", sql) == rows(tmp_path / "cluster.duckdb", sql), name
    assert rows(tmp_path / "cluster.duckdb", "SELECT flow, status, coalesce((counts->>'changed_articles')::INT, 0) FROM runs "
                                             "WHERE flow = 'reprocess'") == [("reprocess", "completed", 0)]


def test_worker_killed_mid_run_loses_and_duplicates_nothing(prefect_harness, cluster_settings, cluster, tmp_path):
    pids = cluster.run(os.getpid)  # worker address -> pid of its process (the nanny restarts it)
    killed: list[int] = []

    def kill_a_busy_worker():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not killed:
            busy = [addr for addr, keys in cluster.processing().items() if keys]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    db = tmp_path / "news.duckdb"
    assert run_cli("--db", str(db), "--cluster", cluster_settings["address"]) == 0
    killer.join(5)
    assert killed, "no shard was ever seen running"

    n = len(sample_pages())
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM raw_pages") == [(n, n)]
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(n, n)]
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    cluster.wait_for_workers(2, timeout=120)  # the nanny brought the killed worker back


def test_raw_store_and_staging_on_s3(prefect_harness, cluster_settings, s3_endpoint, monkeypatch, tmp_path):
    import s3fs

    from flows.settings import get_settings

    fs = s3fs.S3FileSystem(endpoint_url=s3_endpoint)
    fs.mkdir("news-raw")
    monkeypatch.setenv("NEWS_RAW_URL", "s3://news-raw/raw")
    monkeypatch.setenv("NEWS_STAGING_URL", "s3://news-raw/staging")
    monkeypatch.setenv("NEWS_S3_ENDPOINT", s3_endpoint)
    monkeypatch.setenv("NEWS_WORKER_CACHE", str(tmp_path / "no-cache-here"))  # only new workers would see it
    get_settings.cache_clear()
    db = tmp_path / "news.duckdb"
    assert run_cli("--db", str(db), "--cluster", cluster_settings["address"]) == 0

    n = len(sample_pages())
    assert rows(db, "SELECT count(*) FROM articles") == [(n,)]
    stored = [p for p in fs.find("news-raw/raw") if p.endswith(".gz")]
    assert len(stored) == n and not (tmp_path / "raw").exists()  # the bodies went to S3, not to disk
    shas = {r[0] for r in rows(db, "SELECT sha256 FROM raw_pages")}
    assert {p.rsplit("/", 1)[1].removesuffix(".gz") for p in stored} == shas
    assert fs.find("news-raw/staging") == []  # shards were staged there and removed after the commit


def _one_page_shard(raw_url: str, options: dict, staging: str):
    import polars as pl

    from flows.extract import WorkerConfig
    from flows.shards import ShardSpec
    from transforms.page import ExtractOptions
    from transforms.tables import schemas

    now = datetime.now(UTC)
    row = {c: None for c in schemas.RAW_PAGES} | {"url": "https://example.org/a", "fetch_id": "f1",
                                                   "sha256": "ab" * 32, "fetched_at": now, "status": 200}
    fetched = schemas.frame([row | {"detail": None, "language": "de"}],
                            {**schemas.RAW_PAGES, "detail": pl.String, "language": pl.String})
    config = WorkerConfig(raw_url, ExtractOptions(min_words=40, agencies=None, semantics=False))
    return ShardSpec("run-x", "b00001-s0000", fetched, now, config, staging, options)


@pytest.mark.parametrize("where", ["s3", "folder"])
def test_unreachable_raw_store_fails_the_shard_with_a_reason(cluster, tmp_path, where):
    from flows.io.fsstore import storage_options
    from flows.shards import ShardError, run_shard

    if where == "s3":  # nothing listens on that port: the worker must say so, not hang
        from tests.cluster.conftest import free_port

        raw, options = "s3://news-raw/raw", storage_options("s3://x", f"http://127.0.0.1:{free_port()}")
        reason = "cannot read raw store s3://news-raw/raw from worker"
    else:
        raw, options = str(tmp_path / "not-mounted-here"), {}
        reason = "is not a folder on worker"
    fut = cluster.submit(run_shard, _one_page_shard(raw, options, str(tmp_path / "staging")), pure=False)
    with pytest.raises(ShardError, match=reason):
        fut.result(timeout=120)
