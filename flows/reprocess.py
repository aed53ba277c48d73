"""Re-extraction without re-fetching: run the extractor again over pages already in the raw store.

Pages are the newest successful fetch of each URL (raw_pages.sha256 -> the raw store), selected by
fetch day, source and the extractor_version of the article they produced. Loading goes through the
same idempotent load as the nightly flow (articles upserted by content_hash, child rows replaced
per changed article, one transaction per batch), so reprocessing twice changes nothing the second
time. The report says what changed: per table, how many articles' rows differ from before
(a digest of each article's rows per table, taken before and after the load).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
from polars._typing import PolarsDataType
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import tasks
from flows.io import db
from flows.load import load_frames, load_results
from flows.pipeline import DataCheckFailed, Pipeline, open_pipeline
from flows.settings import get_settings
from transforms.page import PageResult

DIGEST_TABLES = ("body", "article_blocks", "photo_captions", "quotes", "article_entities")
PAGES: dict[str, PolarsDataType] = {
    "url": pl.String, "final_url": pl.String, "sha256": pl.String, "content_type": pl.String,
    "charset": pl.String, "fetched_at": pl.Datetime("us", "UTC"), "source": pl.String, "language": pl.String,
    "article_id": pl.String, "extractor_version": pl.String,
}


def select_pages(con: duckdb.DuckDBPyConnection, sql_dir: Path, current: str, since: date | None = None,
                 until: date | None = None, source: str | None = None, version: str | None = None,
                 outdated: bool = False) -> pl.DataFrame:
    """Pages to re-extract; `outdated` selects those whose article another version than `current` produced."""
    rows = db.execute(con, db.read_sql(sql_dir, "load/reprocess_pages.sql"), {
        "since": since, "until": until, "source": source, "version": version, "outdated": outdated,
        "current": current})
    return pl.DataFrame(rows, schema=PAGES, orient="row")


def digests(con: duckdb.DuckDBPyConnection, sql_dir: Path, ids: list[str]) -> dict[str, dict[str, str | None]]:
    """article_id -> {table: digest of the article's rows in it} (see sql/load/article_digests.sql)."""
    con.register("reprocess_ids", pl.DataFrame({"article_id": ids}, schema={"article_id": pl.String}))
    try:
        cur = con.execute(db.read_sql(sql_dir, "load/article_digests.sql"))
        names = [d[0] for d in cur.description]
        return {r[0]: dict(zip(names[1:], r[1:], strict=True)) for r in cur.fetchall()}
    finally:
        con.unregister("reprocess_ids")


def compare(before: dict[str, dict], after: dict[str, dict]) -> Counter[str]:
    """Per table, the number of articles whose rows differ; plus new articles and changed versions.
    Pure: digests in, counts out."""
    out: Counter[str] = Counter()
    for aid, new in after.items():
        old = before.get(aid) or {}
        if old.get("body") is None and new.get("body") is not None:
            out["new_articles"] += 1
            continue
        diff = [t for t in DIGEST_TABLES if old.get(t) != new.get(t)]
        out.update(f"changed_{t}" for t in diff)
        out["changed_articles"] += bool(diff)
        out["changed_version"] += old.get("extractor_version") != new.get("extractor_version")
    return out


@task(name="reload", cache_policy=NO_CACHE, persist_result=False)
def reload_batch(con: duckdb.DuckDBPyConnection, sql_dir: Path, pages: pl.DataFrame,
                 extracted: list[tuple[PageResult, dict]], run_id: str) -> Counter[str]:
    """Load one re-extracted batch in one transaction; count what changed against the rows before."""
    ids = set(pages["article_id"].drop_nulls().to_list())
    ids |= {res.article["article_id"] for res, _ in extracted if res.article is not None}
    before = digests(con, sql_dir, sorted(ids))
    loaded = load_results(con, sql_dir, extracted, run_id, datetime.now(UTC))
    after = digests(con, sql_dir, sorted(ids))
    counts = compare(before, after)
    had_article = set(pages.filter(pl.col("article_id").is_not_null())["url"].to_list())
    counts["now_rejected"] = sum(1 for res, _ in extracted if res.article is None and res.url in had_article)
    counts["articles"] = loaded["articles"]
    counts["rejects"] = loaded["rejects"]
    return counts


@dataclass
class ReprocessTarget:
    """The commit target of a reprocess on a cluster: `reload_batch`'s before/after digests around
    each staged shard's load (see flows/commit.py)."""

    con: duckdb.DuckDBPyConnection
    sql_dir: Path
    pages: pl.DataFrame  # the batch the shards came from

    def commit(self, frames: dict[str, pl.DataFrame]) -> dict[str, int]:
        urls = set(frames["articles"]["url"].to_list()) | set(frames["rejects"]["url"].to_list())
        pages = self.pages.filter(pl.col("url").is_in(urls))
        ids = set(pages["article_id"].drop_nulls().to_list()) | set(frames["articles"]["article_id"].to_list())
        before = digests(self.con, self.sql_dir, sorted(ids))
        loaded = load_frames(self.con, self.sql_dir, frames)
        counts = compare(before, digests(self.con, self.sql_dir, sorted(ids)))
        had_article = set(pages.filter(pl.col("article_id").is_not_null())["url"].to_list())
        counts["now_rejected"] = frames["rejects"].filter(pl.col("url").is_in(had_article)).height
        counts["articles"], counts["rejects"] = loaded["articles"], loaded["rejects"]
        return counts


def run_reprocess(p: Pipeline, run_id: str, since: date | None, until: date | None, source: str | None,
                  version: str | None, outdated: bool) -> tuple[Counter, list[str]]:
    s, con, log = p.settings, p.con, get_run_logger()
    current = p.worker_config.options.version
    params = {"db": str(p.db_file), "since": str(since or ""), "until": str(until or ""), "source": source or "",
              "extractor_version": version or "", "outdated": outdated, "current_version": current}
    with p.recorded_run(run_id, "reprocess", params) as rec:
        counts = rec.counts
        pages = select_pages(con, s.sql_dir, current, since, until, source, version, outdated)
        counts["pages"] = pages.height
        log.info("reprocess: %d page(s) selected from the raw store", pages.height)
        for offset in range(0, pages.height, s.batch_size):
            batch = pages.slice(offset, s.batch_size).with_columns(pl.lit(None, pl.String).alias("error"))
            if p.cluster is not None:
                target = ReprocessTarget(con, s.sql_dir, batch)
                counts.update(p.cluster.run_batch(batch, run_id, offset // s.batch_size, target, with_raw_pages=False))
                continue
            assert p.extractor is not None
            extracted = tasks.extract_batch(tasks.as_is(batch), p.extractor)
            counts.update(reload_batch(con, s.sql_dir, tasks.as_is(batch), tasks.as_is(extracted), run_id))
        p.check_run(run_id, rec)
    return rec.counts, rec.failed


@flow(name="reprocess", log_prints=False, persist_result=False)
def reprocess(db_path: str | None = None, since: date | None = None, until: date | None = None,
              source: str | None = None, extractor_version: str | None = None, outdated: bool = False,
              db_wait: float | None = None) -> dict:
    """Re-extract pages already fetched (no HTTP) and report per table what changed."""
    settings = get_settings()
    run_id = str(flow_run.id or uuid.uuid4())
    db_file = Path(db_path) if db_path else settings.db
    with open_pipeline(settings, db_file, db_wait) as p:
        current = p.worker_config.options.version
        counts, failed = run_reprocess(p, run_id, since, until, source, extractor_version, outdated)
    if failed:
        raise DataCheckFailed(f"data checks failed: {', '.join(failed)} (see check_results for run {run_id})")
    summary = {"run_id": run_id, "db": str(db_file), "extractor_version": current, **counts}
    for t in DIGEST_TABLES:
        summary.setdefault(f"changed_{t}", 0)
    for k in ("changed_articles", "changed_version", "new_articles", "now_rejected"):
        summary.setdefault(k, 0)
    return summary


def report_lines(summary: dict) -> list[str]:
    """The terminal report of a reprocess run."""
    lines = [f"news-etl reprocess {summary['run_id']} (extractor {summary['extractor_version']}): "
             f"{summary.get('pages', 0)} pages re-extracted, {summary.get('articles', 0)} articles, "
             f"{summary.get('rejects', 0)} rejects, {summary.get('duration_s', 0):.1f}s -> {summary['db']}",
             f"  articles changed: {summary['changed_articles']}  new: {summary['new_articles']}  "
             f"now rejected (old rows kept): {summary['now_rejected']}  "
             f"extractor_version changed: {summary['changed_version']}"]
    lines += [f"  {t:<17} {summary[f'changed_{t}']:>6} article(s) changed" for t in DIGEST_TABLES]
    return lines
