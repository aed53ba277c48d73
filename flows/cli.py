"""The `news-etl` console script."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flows import prefect_api, reaper

if TYPE_CHECKING:
    from flows.settings import Settings

EXIT_USAGE = 2


def _prefect_env() -> None:
    # Offline machines log telemetry errors otherwise; keep Prefect quiet unless asked.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A fresh PREFECT_HOME needs ~15 s of migrations before the temporary API answers; on a
    # busy machine Prefect's 20 s default is too tight.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")


def _start_api() -> prefect_api.TemporaryApi | None:
    """The run's temporary Prefect API (or None: one is configured), started first thing so it comes
    up while the command imports and checks; `_run_flow` waits for it."""
    _prefect_env()
    return prefect_api.start()


def _start_workers(settings: Settings) -> None:
    """Start the local extraction workers' forkserver while Prefect's API comes up (not needed when a
    cluster or the serial executor extracts)."""
    if not settings.cluster and settings.executor == "process":
        from flows.extract import start_forkserver

        start_forkserver(settings.ner_files)


def _fail(message: str) -> int:
    print(f"news-etl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _precheck(source_args: list[str], db_path: Path, wait: float | None) -> str | None:
    """Check sources, database and models before Prefect starts, so mistakes cost a second, not
    twenty. Returns the error message, or None. The database check waits at most `wait` seconds
    (default NEWS_DB_WAIT) for another run to let go of the file."""
    from flows import models
    from flows.io import db, sources
    from flows.settings import get_settings

    settings = get_settings()
    try:
        for arg in source_args:
            src = sources.classify(arg)
            if src.kind == "toml":
                sources.load_toml(Path(src.location))
        db.connect(db_path, wait_seconds=settings.db_wait if wait is None else wait).close()
        if settings.ner:
            for lang, name in (("de", settings.ner_model_de), ("en", settings.ner_model_en)):
                if name:
                    models.check_model(name, lang)
    except _known_errors() as exc:
        return str(exc)
    return None


def _known_errors() -> tuple[type[BaseException], ...]:
    from flows import models, pool
    from flows.io import db, sources
    from flows.shards import ClusterError, ShardError

    return (sources.SourceError, db.DatabaseError, models.ModelError, pool.WorkerStartError, ClusterError,
            ShardError, prefect_api.ApiStartError)


def _run_flow(start: Callable[[], dict], api: prefect_api.TemporaryApi | None) -> dict | int:
    """Start a flow; map what can go wrong to one line and an exit status (2 usage, 1 failed checks).
    Returns the flow's summary, or the exit status."""
    from flows.pipeline import DataCheckFailed

    try:
        if api is not None:
            api.wait(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
        return start()
    except _known_errors() as exc:
        return _fail(str(exc))
    except DataCheckFailed as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return _fail("interrupted; loaded batches are kept, run the same command again to resume")


def _ready(source_args: list[str], db_path: Path, wait: float | None) -> prefect_api.TemporaryApi | int | None:
    """Start what a flow command needs first (Prefect's API, the workers' forkserver), check sources,
    database and models, and guard against leftovers of killed runs. Returns the API to wait for
    (None: one is configured), or the exit code of a failed check."""
    from flows.settings import get_settings

    api = _start_api()
    if error := _precheck(source_args, db_path, wait):
        return _fail(error)
    _start_workers(get_settings())
    reaper.guard(db_path.resolve().parent)  # no Prefect server of a killed run left behind
    return api


def _prepare(args: argparse.Namespace) -> tuple[list[str], Path, prefect_api.TemporaryApi | None] | int:
    """The sources and database a flow command works on, checked, with Prefect's environment set;
    or the exit code of a failed check."""
    from flows.settings import get_settings

    settings = get_settings()
    source_args = args.source or [str(settings.sources)]
    db_path = Path(args.db) if args.db else settings.db
    api = _ready(source_args, db_path, args.wait)
    return api if isinstance(api, int) else (source_args, db_path, api)


def cmd_run(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    source_args, db_path, api = prepared
    from flows.nightly import nightly

    summary = _run_flow(lambda: nightly(sources=source_args, db_path=str(db_path), since=args.since,
                                        until=args.until, catch_up=not args.no_catch_up, db_wait=args.wait), api)
    if isinstance(summary, int):
        return summary
    print(
        f"news-etl run {summary['run_id']}: {summary.get('urls', 0)} pages seen, "
        f"{summary.get('skipped_known', 0)} already loaded, {summary.get('fetched', 0)} fetched, "
        f"{summary.get('articles', 0)} articles loaded "
        f"({summary.get('articles_changed', 0)} new or changed), {summary.get('rejects', 0)} rejects, "
        f"{summary.get('duration_s', 0):.1f}s -> {summary['db']}"
    )
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:

    if args.end < args.start:
        return _fail(f"--end {args.end} is before --start {args.start}")
    prepared = _prepare(args)
    if isinstance(prepared, int):
        return prepared
    source_args, db_path, api = prepared
    from flows.backfill import backfill

    summary = _run_flow(lambda: backfill(start=args.start, end=args.end, sources=source_args, db_path=str(db_path),
                                         force=args.force, db_wait=args.wait, progress=not args.no_progress), api)
    if isinstance(summary, int):
        return summary
    print(
        f"news-etl backfill {args.start} .. {args.end}: {summary['days']} days, {summary['days_skipped']} "
        f"already done, {summary.get('days_done', 0)} processed; {summary.get('pages', 0)} pages, "
        f"{summary.get('articles', 0)} articles, {summary.get('rejects', 0)} rejects, {summary['seconds']:.1f}s "
        f"({summary['seconds_per_day']:.1f}s/day) -> {summary['db']}"
    )
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from flows.settings import get_settings

    db_path = Path(args.db) if args.db else get_settings().db
    if not db_path.exists():
        return _fail(f"database {db_path} does not exist yet; run `news-etl run` first")
    api = _ready([], db_path, args.wait)
    if isinstance(api, int):
        return api
    from flows.reprocess import report_lines, reprocess

    summary = _run_flow(lambda: reprocess(db_path=str(db_path), since=args.since, until=args.until,
                                          source=args.source, extractor_version=args.extractor_version,
                                          outdated=args.outdated, db_wait=args.wait), api)
    if isinstance(summary, int):
        return summary
    print("\n".join(report_lines(summary)))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows import serve
    from flows.settings import get_settings

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not serve.api_url():
        return _fail("no Prefect server to serve against: start one with `make serve`, or set PREFECT_API_URL "
                     "(the temporary server `news-etl run` uses cannot keep a schedule)")
    settings = get_settings()
    print(f"serving deployment nightly/{serve.DEPLOYMENT}: cron {settings.schedule_cron!r} in "
          f"{settings.schedule_tz}, db {settings.db.resolve()}; Ctrl-C stops", flush=True)
    serve.serve(settings)
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from flows import serve
    from flows.settings import get_settings

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not serve.api_url():
        return _fail("PREFECT_API_URL is not set: point it at your Prefect server or log in to Prefect Cloud")
    settings = get_settings()
    pool = args.pool or settings.work_pool
    try:
        dep_id = serve.deploy(settings, pool)
    except Exception as exc:  # noqa: BLE001 - the API's answer is the message the user needs
        return _fail(f"cannot register the deployment with work pool {pool!r}: {exc}")
    print(f"deployment nightly/{serve.DEPLOYMENT} ({dep_id}) registered with work pool {pool!r}: cron "
          f"{settings.schedule_cron!r} in {settings.schedule_tz}. Start a worker: prefect worker start --pool {pool}")
    return 0


def cmd_version(args: argparse.Namespace) -> int:
    from flows.settings import get_settings
    from flows.version import extractor_version

    print(extractor_version(get_settings()))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    if args.format != "table" or args.out:  # csv/json/parquet output: flows/cli_analyst.py
        from analyst.cli import sql_output

        return sql_output(args)
    import duckdb

    from flows.io import db
    from flows.settings import get_settings

    db_path = Path(args.db) if args.db else get_settings().db
    if not db_path.exists():
        return _fail(f"database {db_path} does not exist yet; run `news-etl run` first")
    try:
        con = db.connect(db_path, read_only=True)
    except db.DatabaseError as exc:
        return _fail(str(exc))
    if args.query:
        try:
            rel = con.sql(args.query)
        except duckdb.Error as exc:
            return _fail(db.first_line(exc))
        if rel is not None:
            rel.show(max_width=200, max_rows=args.max_rows)
        return 0
    print(f"news-etl sql on {db_path} (read-only). End statements with ';', quit with Ctrl-D.")
    buf: list[str] = []
    while True:
        try:
            line = input("... " if buf else "sql> ")
        except EOFError:
            print()
            return 0
        buf.append(line)
        if line.rstrip().endswith(";"):
            query, buf = "\n".join(buf), []
            try:
                rel = con.sql(query)
                if rel is not None:
                    rel.show(max_width=200, max_rows=args.max_rows)
            except duckdb.Error as exc:
                print(f"error: {db.first_line(exc)}", file=sys.stderr)


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-05-31") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="news-etl", description="News pages to clean DuckDB tables.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the pipeline over sources into the database")
    run.add_argument("--source", action="append", metavar="S",
                     help="URL, .html/.html.gz file, folder of pages, URL list, or sources .toml "
                          "(repeatable; default: seeds/sources.toml or NEWS_SOURCES)")
    run.add_argument("--db", metavar="PATH", help="DuckDB file (default: data/news.duckdb or NEWS_DB)")
    run.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                     help="only feed/sitemap entries and WARC records dated on or after this day")
    run.add_argument("--until", type=_day, metavar="YYYY-MM-DD",
                     help="only feed/sitemap entries and WARC records dated on or before this day")
    run.add_argument("--wait", type=float, default=None,
                     help="seconds to wait for a database another run holds (default 30 or NEWS_DB_WAIT)")
    run.add_argument("--no-catch-up", action="store_true",
                     help="ignore the watermarks (without --since, dated sources are read in full)")
    run.add_argument("--cluster", metavar="tcp://HOST:PORT",
                     help="extract on this Dask scheduler's workers (default: locally, or NEWS_CLUSTER)")
    run.set_defaults(func=cmd_run)
    bf = sub.add_parser("backfill", help="run the pipeline day by day over a date range (resumable)")
    bf.add_argument("--start", type=_day, required=True, metavar="YYYY-MM-DD", help="first day (UTC)")
    bf.add_argument("--end", type=_day, required=True, metavar="YYYY-MM-DD", help="last day (UTC), inclusive")
    bf.add_argument("--source", action="append", metavar="S", help="as for `run` (repeatable)")
    bf.add_argument("--db", metavar="PATH", help="DuckDB file (default: data/news.duckdb or NEWS_DB)")
    bf.add_argument("--force", action="store_true", help="redo days a previous backfill completed")
    bf.add_argument("--wait", type=float, default=None,
                    help="seconds to wait for a database another run holds (default 30 or NEWS_DB_WAIT)")
    bf.add_argument("--no-progress", action="store_true", help="no progress bar (one line per day)")
    bf.add_argument("--cluster", metavar="tcp://HOST:PORT",
                     help="extract on this Dask scheduler's workers (default: locally, or NEWS_CLUSTER)")
    bf.set_defaults(func=cmd_backfill)
    rp = sub.add_parser("reprocess", help="re-extract pages already fetched, from the raw store; report changes")
    rp.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="pages fetched (captured) on or after this day")
    rp.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="pages fetched (captured) on or before this day")
    rp.add_argument("--source", metavar="NAME", help="only pages of this source (raw_pages.source)")
    rp.add_argument("--extractor-version", metavar="V", help="only pages whose article has this extractor_version")
    rp.add_argument("--outdated", action="store_true",
                    help="only pages whose article was extracted by another version than the current one")
    rp.add_argument("--db", metavar="PATH", help="DuckDB file (default: data/news.duckdb or NEWS_DB)")
    rp.add_argument("--wait", type=float, default=None,
                    help="seconds to wait for a database another run holds (default 30 or NEWS_DB_WAIT)")
    rp.add_argument("--cluster", metavar="tcp://HOST:PORT",
                     help="extract on this Dask scheduler's workers (default: locally, or NEWS_CLUSTER)")
    rp.set_defaults(func=cmd_reprocess)
    sv = sub.add_parser("serve", help="serve the scheduled nightly deployment (needs a Prefect server)")
    sv.set_defaults(func=cmd_serve)
    dp = sub.add_parser("deploy", help="register the nightly deployment with a work pool (server or Cloud)")
    dp.add_argument("--pool", help="work pool name (default: news-etl or NEWS_WORK_POOL)")
    dp.set_defaults(func=cmd_deploy)
    ver = sub.add_parser("version", help="print the extractor version (a fingerprint of code, word lists, models)")
    ver.set_defaults(func=cmd_version)
    sql = sub.add_parser("sql", help="run a query, or open an interactive SQL prompt")
    sql.add_argument("query", nargs="?", help="SQL to run; omit for an interactive prompt")
    sql.add_argument("--db", metavar="PATH", help="DuckDB file (default: data/news.duckdb or NEWS_DB)")
    sql.add_argument("--max-rows", type=int, default=40)
    sql.set_defaults(func=cmd_sql)
    # Analyst commands (docs, digest, export) and sql's --format/--out live in flows/cli_analyst.py.
    from analyst.cli import add_commands, add_sql_output_args

    add_sql_output_args(sql)
    add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "cluster", None):  # read by Settings, like every other knob
        from flows.settings import get_settings

        os.environ["NEWS_CLUSTER"] = args.cluster
        get_settings.cache_clear()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("interrupted")


if __name__ == "__main__":
    sys.exit(main())
