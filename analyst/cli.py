"""The analyst commands of `news-etl`: docs, digest, export, and `sql --format/--out`.

Kept apart from flows/cli.py so the pipeline commands and these can change independently;
cli.py only registers them (add_commands) and hands `sql` over when an output format is asked.
None of these start Prefect.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

EXIT_USAGE = 2
EXIT_STALE = 1
# How DuckDB writes each format; the query result is registered as a relation and copied.
COPY_OPTIONS = {"csv": "FORMAT csv, HEADER true", "json": "FORMAT json, ARRAY true", "parquet": "FORMAT parquet"}


def _fail(message: str) -> int:
    print(f"news-etl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-05-31") from None


def _db_path(args: argparse.Namespace) -> Path:
    from flows.settings import get_settings

    return Path(args.db) if args.db else get_settings().db


def _open_read_only(path: Path):
    """A read-only connection, or a DatabaseError whose message says what to do."""
    from flows.io import db

    if not path.exists():
        raise db.DatabaseError(f"database {path} does not exist yet; run `news-etl run` first")
    return db.connect(path, read_only=True)


def add_sql_output_args(sql: argparse.ArgumentParser) -> None:
    sql.add_argument("--format", choices=("table", *COPY_OPTIONS), default="table",
                     help="output format of a query (default: table on the terminal)")
    sql.add_argument("--out", metavar="FILE", help="write the result to FILE (needed for parquet)")


def sql_output(args: argparse.Namespace) -> int:
    """`news-etl sql QUERY --format csv|json|parquet [--out FILE]`."""
    import duckdb

    from flows.io import db

    if not args.query:
        return _fail("--format and --out need a query: news-etl sql \"SELECT ...\" --format csv")
    if args.format == "table":
        return _fail("--out needs --format csv, json or parquet")
    if args.format == "parquet" and not args.out:
        return _fail("parquet is binary: give a file with --out FILE")
    try:
        con = _open_read_only(_db_path(args))
    except db.DatabaseError as exc:
        return _fail(str(exc))
    try:
        rel = con.sql(args.query)
        if rel is None:
            return _fail("the statement returns no rows to write")
        con.register("news_etl_result", rel)
        target = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / f"result.{args.format}"
        db.execute(con, f"COPY news_etl_result TO $path ({COPY_OPTIONS[args.format]})", {"path": str(target)})
    except duckdb.Error as exc:
        return _fail(db.first_line(exc))
    finally:
        con.close()
    if not args.out:  # DuckDB writes files; stream the file to stdout for pipes
        with target.open("rb") as fh:
            shutil.copyfileobj(fh, sys.stdout.buffer)
        shutil.rmtree(target.parent, ignore_errors=True)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from analyst import docs
    from flows.io import db
    from flows.settings import get_settings

    out = Path(args.out)
    try:
        text = docs.database_doc(_db_path(args)) if args.db else docs.repo_schema_doc(get_settings().sql_dir)
    except db.DatabaseError as exc:
        return _fail(str(exc))
    if args.check:
        current = out.read_text(encoding="utf-8") if out.exists() else ""
        if current != text:
            print(f"{out} is out of date: run `make docs` (news-etl docs) and commit it", file=sys.stderr)
            return EXIT_STALE
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"data dictionary written to {out}")
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    from analyst.digest import write_digest
    from flows.io import db
    from flows.settings import get_settings

    try:
        con = _open_read_only(_db_path(args))
    except db.DatabaseError as exc:
        return _fail(str(exc))
    try:
        digest = write_digest(con, get_settings().sql_dir, Path(args.out), args.date)
    finally:
        con.close()
    if digest is None:
        return _fail("the database has no articles yet; nothing to digest")
    print(f"digest for {digest.day} ({digest.summary['articles']} articles) written to {args.out}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from analyst.export import export_parquet
    from flows.io import db
    from flows.settings import get_settings

    if args.since and args.until and args.since > args.until:
        return _fail(f"--since {args.since} is after --until {args.until}")
    try:
        con = _open_read_only(_db_path(args))
    except db.DatabaseError as exc:
        return _fail(str(exc))
    try:
        done = export_parquet(con, get_settings().sql_dir, Path(args.out_dir), args.since, args.until)
    except (duckdb.Error, OSError) as exc:
        return _fail(f"export to {args.out_dir} failed: {exc}")
    finally:
        con.close()
    if not done:
        print("the database is empty; nothing exported")
    for e in done:
        print(f"{e.table:17} {e.rows:8} rows -> {e.path}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    db_help = "DuckDB file (default: data/news.duckdb or NEWS_DB)"
    docs = sub.add_parser("docs", help="write the data dictionary (docs/schema.md) from the schema")
    docs.add_argument("--out", default="docs/schema.md", metavar="FILE", help="default: docs/schema.md")
    docs.add_argument("--db", metavar="PATH",
                      help="document this database, with row counts, instead of the repository schema "
                           "(write it elsewhere with --out; the repository copy has no counts)")
    docs.add_argument("--check", action="store_true", help="exit 1 when FILE differs from what would be written")
    docs.set_defaults(func=cmd_docs)

    digest = sub.add_parser("digest", help="write the daily digest as one self-contained HTML page")
    digest.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="default: the latest day with articles")
    digest.add_argument("--out", default="digest.html", metavar="FILE", help="default: digest.html")
    digest.add_argument("--db", metavar="PATH", help=db_help)
    digest.set_defaults(func=cmd_digest)

    export = sub.add_parser("export", help="write every table as Parquet partitioned by day")
    export.add_argument("out_dir", metavar="OUT_DIR", help="folder; tables go to OUT_DIR/<table>/day=.../")
    export.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="first day (default: the earliest)")
    export.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="last day, inclusive (default: the latest)")
    export.add_argument("--format", choices=("parquet",), default="parquet")
    export.add_argument("--db", metavar="PATH", help=db_help)
    export.set_defaults(func=cmd_export)
