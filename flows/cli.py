"""The `news-etl` console script."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_USAGE = 2


def _prefect_env() -> None:
    # Offline machines log telemetry errors otherwise; keep Prefect quiet unless asked.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A fresh PREFECT_HOME needs ~15 s of migrations before the temporary API answers; on a
    # busy machine Prefect's 20 s default is too tight.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")


def _fail(message: str) -> int:
    print(f"news-etl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def cmd_run(args: argparse.Namespace) -> int:
    from flows import models
    from flows.io import db, sources
    from flows.settings import get_settings

    settings = get_settings()
    source_args = args.source or [str(settings.sources)]
    db_path = Path(args.db) if args.db else settings.db
    # Check sources and database before Prefect starts, so mistakes cost a second, not twenty.
    try:
        for arg in source_args:
            src = sources.classify(arg)
            if src.kind == "toml":
                sources.load_toml(Path(src.location))
        db.connect(db_path, wait_seconds=args.wait).close()
        if settings.ner:
            for lang, name in (("de", settings.ner_model_de), ("en", settings.ner_model_en)):
                if name:
                    models.check_model(name, lang)
    except (sources.SourceError, db.DatabaseError, models.ModelError) as exc:
        return _fail(str(exc))
    _prefect_env()
    from flows.nightly import DataCheckFailed, nightly

    try:
        summary = nightly(sources=source_args, db_path=str(db_path), since=args.since, until=args.until)
    except (sources.SourceError, db.DatabaseError, models.ModelError) as exc:
        return _fail(str(exc))
    except DataCheckFailed as exc:
        print(f"news-etl: {exc}", file=sys.stderr)
        return 1
    print(
        f"news-etl run {summary['run_id']}: {summary.get('urls', 0)} pages seen, "
        f"{summary.get('fetched', 0)} fetched, {summary.get('articles', 0)} articles loaded "
        f"({summary.get('articles_changed', 0)} new or changed), {summary.get('rejects', 0)} rejects, "
        f"{summary.get('duration_s', 0):.1f}s -> {summary['db']}"
    )
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    if args.format != "table" or args.out:  # csv/json/parquet output: flows/cli_analyst.py
        from flows.cli_analyst import sql_output

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
    run.add_argument("--wait", type=float, default=30.0,
                     help="seconds to wait for a database another run holds (default 30)")
    run.set_defaults(func=cmd_run)
    sql = sub.add_parser("sql", help="run a query, or open an interactive SQL prompt")
    sql.add_argument("query", nargs="?", help="SQL to run; omit for an interactive prompt")
    sql.add_argument("--db", metavar="PATH", help="DuckDB file (default: data/news.duckdb or NEWS_DB)")
    sql.add_argument("--max-rows", type=int, default=40)
    sql.set_defaults(func=cmd_sql)
    # Analyst commands (docs, digest, export) and sql's --format/--out live in flows/cli_analyst.py.
    from flows.cli_analyst import add_commands, add_sql_output_args

    add_sql_output_args(sql)
    add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return _fail("interrupted")


if __name__ == "__main__":
    sys.exit(main())
