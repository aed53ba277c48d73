"""A backfill through a real Dask cluster (scheduler + 2 worker processes on loopback): the days'
shards are in flight together, the rows are those of a local backfill, every day is recorded, a
re-run changes nothing, and the staging area is left empty (a killed driver's leftovers included)."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date

import duckdb
import pytest

from tests.cluster.test_cluster_run import TABLES, rows
from tests.conftest import sample_pages
from tests.ops.conftest import write_sitemap

pytestmark = pytest.mark.slow

DAYS = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]


def hold(name: str, timeout: float) -> bool:
    """Occupies a worker's only thread until the test sets the event (runs on a worker)."""
    from distributed import Event

    return Event(name).wait(timeout)


class HoldWorkers:
    """Keeps both workers busy until shards of at least two days are queued on the scheduler at once,
    then lets them go: shards of several days in flight together is then a fact, not a race."""

    def __init__(self, client, timeout: float = 240):
        self.client, self.timeout = client, timeout
        self.event = f"hold-{uuid.uuid4().hex[:8]}"
        self.most_runs_queued = 0  # distinct runs (days) among the shard tasks the scheduler held at once
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> HoldWorkers:
        workers = list(self.client.scheduler_info()["workers"])
        self._holds = [self.client.submit(hold, self.event, self.timeout, workers=[w], allow_other_workers=False,
                                          pure=False) for w in workers]
        deadline = time.monotonic() + 60
        while sum(bool(keys) for keys in self.client.processing().values()) < len(workers):
            assert time.monotonic() < deadline, "the hold tasks never started"
            time.sleep(0.05)
        self._thread.start()
        return self

    def _shard_runs(self) -> set[str]:
        keys = self.client.run_on_scheduler(lambda dask_scheduler: [str(k) for k in dask_scheduler.tasks])
        return {k.split("-")[1] for k in keys if k.startswith("shard-")}  # shard-<run id[:8]>-<shard>-<attempt>

    def _watch(self) -> None:
        from distributed import Event

        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            self.most_runs_queued = max(self.most_runs_queued, len(self._shard_runs()))
            if self.most_runs_queued >= 2:
                break
            time.sleep(0.1)
        Event(self.event, client=self.client).set()

    def __exit__(self, *exc: object) -> None:
        from distributed import Event

        Event(self.event, client=self.client).set()
        self._thread.join(10)
        for fut in self._holds:
            fut.result(timeout=60)


def _plant_leftovers(staging_dir, run_id: str) -> None:
    """What a driver killed between a shard's commit and its removal leaves: a staged shard folder."""
    folder = staging_dir / run_id / "2024-01-01-b00001-s0000"
    folder.mkdir(parents=True)
    (folder / "articles.parquet").write_bytes(b"PAR1")
    (folder / "_manifest.json").write_text('{"tables": ["articles"], "counts": {}}')


def test_cluster_backfill_runs_days_together_and_matches_a_local_backfill(
        prefect_harness, cluster_settings, cluster, monkeypatch, tmp_path):
    from flows.backfill import backfill
    from flows.settings import get_settings

    pages = sample_pages()
    sitemap = write_sitemap(tmp_path / "sitemap.xml", [(p, DAYS[i % len(DAYS)]) for i, p in enumerate(pages)])
    local_db, cluster_db = tmp_path / "local.duckdb", tmp_path / "cluster.duckdb"
    local = backfill(start=DAYS[0], end=DAYS[-1], sources=[str(sitemap)], db_path=str(local_db))
    assert local["days_done"] == len(DAYS) and local["articles"] == len(pages)

    monkeypatch.setenv("NEWS_CLUSTER", cluster_settings["address"])
    get_settings.cache_clear()
    with HoldWorkers(cluster) as held:
        first = backfill(start=DAYS[0], end=DAYS[-1], sources=[str(sitemap)], db_path=str(cluster_db), progress=True)

    # Shards of more than one day were in flight together: queued on the scheduler at one time (seen
    # by the test) and pending in the driver at one time (its own count).
    assert held.most_runs_queued >= 2
    assert first["days_in_flight_max"] >= 2
    assert (first["days_done"], first["articles"], first["shards"]) == (len(DAYS), len(pages), 6)  # 4+4+3 pages, 2 a shard

    for name, sql in TABLES.items():
        assert rows(local_db, sql) == rows(cluster_db, sql), name
    per_day = rows(cluster_db, "SELECT d.day, d.status, r.status, (r.counts->>'articles')::INT FROM backfill_days d "
                               "JOIN runs r USING (run_id)")
    assert per_day == [(DAYS[0], "completed", "completed", 4), (DAYS[1], "completed", "completed", 4),
                       (DAYS[2], "completed", "completed", 3)]
    staging = tmp_path / "staging"
    assert not staging.exists() or not any(staging.iterdir())  # each day removed its folder

    # A driver killed between a commit and the removal left a shard of one of these runs; another
    # database sharing the staging area has a run in flight. The next run removes only its own.
    day_run = rows(cluster_db, f"SELECT run_id FROM backfill_days WHERE day = DATE '{DAYS[0]}'")[0][0]
    _plant_leftovers(staging, day_run)
    _plant_leftovers(staging, "run-of-another-database")

    again = backfill(start=DAYS[0], end=DAYS[-1], sources=[str(sitemap)], db_path=str(cluster_db))
    assert (again["days_skipped"], again["days_done"]) == (len(DAYS), 0)
    for name, sql in TABLES.items():
        assert rows(local_db, sql) == rows(cluster_db, sql), name
    assert rows(cluster_db, "SELECT count(*) FROM runs") == [(len(DAYS),)]
    assert sorted(p.name for p in staging.iterdir()) == ["run-of-another-database"]


def test_a_failed_shard_fails_its_day_with_the_reason(prefect_harness, cluster_settings, monkeypatch,
                                                           tmp_path):
    """A shard that cannot run (the raw store is not where workers look) fails its day after its
    retries; the backfill raises that reason, and no day is recorded done."""
    from flows.backfill import backfill
    from flows.settings import get_settings
    from flows.shards import ShardError

    sitemap = write_sitemap(tmp_path / "sitemap.xml", [(p, DAYS[0]) for p in sample_pages()[:2]])
    monkeypatch.setenv("NEWS_CLUSTER", cluster_settings["address"])
    get_settings.cache_clear()
    db = tmp_path / "news.duckdb"
    with pytest.raises(ShardError, match="is not a folder on worker"):
        _backfill_with_unreachable_store(backfill, sitemap, db, monkeypatch)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM backfill_days").fetchall() == [("failed",)]
        assert con.execute("SELECT status FROM runs").fetchall() == [("failed",)]


def _backfill_with_unreachable_store(backfill, sitemap, db, monkeypatch):
    from flows import pipeline

    real = pipeline.open_cluster

    def elsewhere(settings, store, db_file):  # as if the workers ran on a machine without this folder
        from dataclasses import replace

        c = real(settings, store, db_file)
        c.config = replace(c.config, raw_root=str(db_file.parent / "not-mounted-here"))
        return c

    monkeypatch.setattr(pipeline, "open_cluster", elsewhere)
    backfill(start=DAYS[0], end=DAYS[0], sources=[str(sitemap)], db_path=str(db))
