"""Staging and the commit step without a cluster: `run_shard` is a plain function, so it runs here.
A shard staged twice (a retry) and committed twice (a re-run) leaves the same rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import duckdb
import polars as pl

from tests.conftest import sample_pages


def _spec(tmp_path, pages):
    from flows.extract import WorkerConfig
    from flows.io.rawstore import RawStore
    from flows.shards import ShardSpec
    from transforms.page import ExtractOptions
    from transforms.tables import schemas

    store = RawStore(tmp_path / "raw")
    now = datetime.now(UTC)
    rows = [{c: None for c in schemas.RAW_PAGES} | {
        "fetch_id": f"f{i}", "url": f"file:///{p.name}", "sha256": store.put(p.read_bytes()), "status": 200,
        "content_type": "text/html", "fetched_at": now, "detail": None, "language": None, "run_id": "run-1"}
        for i, p in enumerate(pages)]
    rows.append({c: None for c in schemas.RAW_PAGES} | {"fetch_id": "gone", "url": "https://x.example/gone",
                                                        "error": "http_404", "fetched_at": now, "detail": "404", "run_id": "run-1",
                                                        "language": None})
    fetched = schemas.frame(rows, {**schemas.RAW_PAGES, "detail": pl.String, "language": pl.String})
    config = WorkerConfig(str(store.root), ExtractOptions(min_words=40, agencies=None, semantics=False))
    return ShardSpec("run-1", "b00001-s0000", fetched, now, config, str(tmp_path / "staging"), {})


def test_a_retried_and_recommitted_shard_changes_nothing(tmp_path):
    from flows.commit import DuckDBTarget
    from flows.io import db
    from flows.io.staging import Staging
    from flows.settings import PROJECT_ROOT
    from flows.shards import run_shard

    pages = sample_pages()[:3]
    spec = _spec(tmp_path, pages)
    assert run_shard(spec)["fetched"] == len(pages)
    run_shard(spec)  # a retry writes the same names again
    staging = Staging(spec.staging_url)
    assert sorted(p.name for p in (tmp_path / "staging" / "run-1" / "b00001-s0000").iterdir())[0] == "_manifest.json"

    con = duckdb.connect(str(tmp_path / "news.duckdb"))
    db.apply_schema(con, PROJECT_ROOT / "sql")
    target = DuckDBTarget(con, PROJECT_ROOT / "sql")
    frames, counts = staging.read(spec.run_id, spec.shard_id)
    first = target.commit(frames)
    tables = ("raw_pages", "articles", "article_blocks", "rejects")
    before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    second = target.commit(frames)
    after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    assert before == after
    assert before["raw_pages"] == len(pages) + 1 and before["articles"] == len(pages)
    assert con.execute("SELECT reason FROM rejects").fetchall() == [("http_404",)]
    assert first["articles_changed"] == len(pages) and second["articles_changed"] == 0
    staging.remove(spec.run_id, spec.shard_id)
    assert not (tmp_path / "staging" / "run-1").exists()


def test_a_killed_drivers_committed_shard_is_removed_when_the_next_run_starts(tmp_path):
    """The driver died between a shard's commit and its removal: the next run on the database removes
    the shard's folder (its run is a run of this database); another database's staged run stays."""
    from flows.cluster import Cluster
    from flows.commit import DuckDBTarget
    from flows.io import db
    from flows.io.staging import Staging
    from flows.settings import PROJECT_ROOT
    from flows.shards import run_shard

    spec = _spec(tmp_path, sample_pages()[:1])
    con = duckdb.connect(str(tmp_path / "news.duckdb"))
    db.apply_schema(con, PROJECT_ROOT / "sql")
    db.execute(con, db.read_sql(PROJECT_ROOT / "sql", "load/run_start.sql"), {
        "run_id": spec.run_id, "flow": "nightly", "parameters": "{}", "started_at": datetime.now(UTC)})
    run_shard(spec)
    staging = Staging(spec.staging_url)
    DuckDBTarget(con, PROJECT_ROOT / "sql").commit(staging.read(spec.run_id, spec.shard_id)[0])
    run_shard(replace(spec, run_id="other-db-run"))  # another database's run, in flight
    assert staging.runs() == ["other-db-run", "run-1"]

    cluster = Cluster("tcp://127.0.0.1:1", spec.config, spec.staging_url)  # never entered: no scheduler needed
    assert cluster.clear_leftovers(con, PROJECT_ROOT / "sql") == ["run-1"]
    assert staging.runs() == ["other-db-run"]
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)  # the committed rows stay
