"""The daily digest: read one day from the database (queries in sql/digest/), build the page with
the pure analyst.digest_html, write it. `publish_digest` is the hook for the nightly flow."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import duckdb

from analyst.digest_html import Digest, Speaker, render_html, render_markdown
from flows.io import db

TOP = 10
TREND_ENTITIES = 5
SUMMARY_NAMES = ("articles", "sources", "quotes", "speakers", "entities", "photos", "rejects")


def _rows(con: duckdb.DuckDBPyConnection, sql_dir: Path, name: str, params: dict) -> list[dict]:
    cur = con.execute(db.read_sql(sql_dir, f"digest/{name}.sql"), params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def latest_day(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> date | None:
    return db.execute(con, db.read_sql(sql_dir, "digest/latest_day.sql"))[0][0]


def read_digest(con: duckdb.DuckDBPyConnection, sql_dir: Path, day: date) -> Digest:
    """Everything the page shows for `day`, as plain data."""
    p = {"day": day}
    summary = _rows(con, sql_dir, "summary", p)[0]
    return Digest(
        day=day,
        summary={k: int(summary[k] or 0) for k in SUMMARY_NAMES},
        per_source=[(r["source"], r["articles"]) for r in _rows(con, sql_dir, "articles_per_source", p)],
        top_entities=[(f"{r['name']} ({r['type']})", r["articles"])
                      for r in _rows(con, sql_dir, "top_entities", {**p, "limit": TOP})],
        speakers=[Speaker(r["speaker"], r["quotes"], r["articles"], r["quote"], r["source"])
                  for r in _rows(con, sql_dir, "top_speakers", {**p, "limit": TOP})],
        trend=[(r["name"], r["day"], r["articles"])
               for r in _rows(con, sql_dir, "entity_trend", {**p, "limit": TREND_ENTITIES})],
        health=_rows(con, sql_dir, "health", p),
    )


def write_digest(con: duckdb.DuckDBPyConnection, sql_dir: Path, out: Path,
                 day: date | None = None) -> Digest | None:
    """Write the page for `day` (default: the latest day with articles); None when there are none."""
    day = day or latest_day(con, sql_dir)
    if day is None:
        return None
    digest = read_digest(con, sql_dir, day)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a reader (a web server, a mail job) never sees half a page.
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_html(digest), encoding="utf-8")
    tmp.replace(out)
    return digest


def _logger() -> logging.Logger | logging.LoggerAdapter:
    """The flow run's logger inside a flow; a plain logger when called outside one (tests, scripts)."""
    from prefect import get_run_logger
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def publish_digest(con: duckdb.DuckDBPyConnection, db_path: Path, sql_dir: Path,
                   day: date | None = None) -> Path | None:
    """For the nightly flow, after loading: write <db folder>/digest-YYYY-MM-DD.html for `day`
    (default: the latest day with articles) on the flow's open connection, and publish a Prefect
    markdown artifact (key "news-digest") with the key numbers and the file's path.

    A digest is a by-product: if it fails, the error is logged as a warning and None returned, so
    a chart bug never marks a good load as failed.
    """
    from prefect import artifacts

    log = _logger()
    try:
        day = day or latest_day(con, sql_dir)
        if day is None:
            log.info("no articles yet: no digest written")
            return None
        out = Path(db_path).parent / f"digest-{day.isoformat()}.html"
        digest = write_digest(con, sql_dir, out, day)
        if digest is None:
            return None
        artifacts.create_markdown_artifact(
            key="news-digest", markdown=render_markdown(digest, str(out.resolve())),
            description=f"News digest {day}")
    except Exception as exc:  # noqa: BLE001 - see docstring: the load already succeeded
        log.warning("digest not written: %s: %s", type(exc).__name__, exc)
        return None
    log.info("digest for %s written to %s", day, out)
    return out
