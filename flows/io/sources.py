"""Sources to URLs: single URLs, local pages, folders, URL lists, RSS/Atom feeds, sitemaps (indexes,
gzipped, Google News), WARC files, and sources TOML files listing any of them.

`classify` turns a command-line argument into a Source; `discover` lists what a source stands for.
A remote feed or sitemap that fails (HTTP error, unsafe XML, not a feed) does not stop the run: it
becomes a row with via="error" that ends as a reject. A bad local path or a malformed sources file
raises SourceError with a message that says what to fix.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl
from polars._typing import PolarsDataType

from flows.io import warc
from flows.io.fetch import Fetched, Fetcher, FetchJob
from transforms.sources import (
    BadDocument,
    UnsafeXml,
    in_window,
    looks_like_sitemap,
    parse_feed,
    parse_sitemap,
)

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
LISTING_SUFFIXES = (".xml", ".xml.gz", ".rss", ".atom", ".rdf")
KINDS = ("url", "file", "directory", "urllist", "feed", "sitemap", "warc", "toml")
PREFIXES = ("feed", "sitemap", "warc", "urllist", "url")
TS = pl.Datetime("us", "UTC")

# The frame `discover` produces: what to fetch, and for WARC records and failed sources the
# fetch result itself (via = "warc" or "error"), so the fetch stage only passes them on.
DISCOVERED: dict[str, PolarsDataType] = {
    "url": pl.String, "source": pl.String, "language": pl.String, "via": pl.String,
    "rate": pl.Float64, "obey_robots": pl.Boolean, "listed_at": TS, "listed_title": pl.String,
    "final_url": pl.String, "status": pl.Int32, "content_type": pl.String, "charset": pl.String,
    "bytes": pl.Int64, "sha256": pl.String, "fetched_at": TS, "elapsed_ms": pl.Float64,
    "etag": pl.String, "last_modified": pl.String, "error": pl.String, "detail": pl.String,
    "wire_bytes": pl.Int64, "warc_record": pl.String,
}


class SourceError(ValueError):
    """A source that cannot be read; the message tells the user what to fix."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    location: str  # URL or filesystem path
    language: str | None = None
    include: tuple[str, ...] = ()  # URL regexes; when given, a URL must match one
    exclude: tuple[str, ...] = ()  # URL regexes; a URL matching one is dropped
    rate: float | None = None  # requests per second per host, overriding NEWS_HTTP_RATE_PER_HOST
    robots: bool = True  # False: robots.txt is not obeyed for this source (logged as a warning)

    @property
    def remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))


@dataclass(frozen=True)
class DiscoveredUrl:
    url: str
    source: str
    language: str | None = None
    via: str = "fetch"  # fetch, warc, error
    rate: float | None = None
    obey_robots: bool = True
    listed_at: datetime | None = None
    listed_title: str | None = None
    fetched: Fetched | None = None  # set for via = warc / error


@dataclass(frozen=True)
class DiscoverOptions:
    """What discovery may read; built from the settings (`Settings.discover_options`, where the defaults live)."""

    since: date | None
    until: date | None
    sitemap_max_bytes: int
    max_sitemaps: int  # child sitemaps fetched per source
    warc_cache: Path
    warc_max_bytes: int
    max_record_bytes: int
    sitemap_max_depth: int = 3  # index -> index -> urlset: a structural limit, not a setting


@dataclass(frozen=True)
class Publisher:
    domain: str
    name: str
    country: str | None
    language: str | None
    paywall: str | None


@dataclass
class _Ctx:
    fetcher: Fetcher | None
    options: DiscoverOptions
    warn: Callable[[str], None] = field(default=lambda _m: None)


def is_page_file(path: Path) -> bool:
    return path.name.lower().endswith(PAGE_SUFFIXES)


def _kind_of_url(url: str) -> str:
    path = urlsplit(url).path.lower()
    last = path.rsplit("/", 1)[-1]
    if warc.is_warc_name(last):
        return "warc"
    if "sitemap" in last or "sitemap" in path:
        return "sitemap"
    if last.endswith(LISTING_SUFFIXES) or last in ("feed", "rss", "atom") or re.search(r"/(feed|rss|atom)(/|$)", path):
        return "feed"
    return "url"


def classify(arg: str) -> Source:
    """Turn a command-line source argument into a Source.

    `feed:URL`, `sitemap:URL`, `warc:URL-or-path`, `urllist:PATH` and `url:URL` force a kind;
    otherwise it is guessed from the name (`.warc.gz`, `sitemap`, `.xml`, `/feed`, ...)."""
    prefix, _, rest = arg.partition(":")
    if prefix in PREFIXES and rest and not rest.startswith("//"):
        src = classify(rest)
        return replace(src, kind=prefix)
    if arg.startswith(("http://", "https://")):
        return Source(arg, _kind_of_url(arg), arg)
    if arg.startswith("file://"):
        return Source(arg, "url", arg)
    path = Path(arg).expanduser()
    if not path.exists():
        raise SourceError(f"source {arg!r}: no such file or directory (give a URL, a page, a folder, "
                          "a URL list, a feed, a sitemap, a WARC or a .toml)")
    where = str(path.resolve())
    if path.is_dir():
        return Source(path.name, "directory", where)
    if is_page_file(path):
        return Source(path.name, "file", where)
    if path.suffix == ".toml":
        return Source(path.stem, "toml", where)
    if warc.is_warc_name(path.name):
        return Source(path.name, "warc", where)
    if path.name.lower().endswith(LISTING_SUFFIXES):
        return Source(path.name, "sitemap" if looks_like_sitemap(path.read_bytes()[:65536]) else "feed", where)
    return Source(path.name, "urllist", where)


def _str_list(value: object, what: str, name: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise SourceError(f"sources file {path}: source {name!r}: {what} must be a regex or a list of regexes")
    for v in items:
        try:
            re.compile(v)
        except re.error as exc:
            raise SourceError(f"sources file {path}: source {name!r}: bad {what} regex {v!r} ({exc})") from exc
    return tuple(items)


def load_toml(path: Path) -> list[Source]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"sources file {path}: cannot read it ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"sources file {path}: not valid TOML ({exc})") from exc
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise SourceError(f"sources file {path}: expected [[source]] tables")
    out: list[Source] = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise SourceError(f"sources file {path}: entry {i + 1} is not a table")
        kind = entry.get("kind")
        where = entry.get("url") or entry.get("path")
        name = entry.get("name") or f"source-{i + 1}"
        if kind not in KINDS or kind == "toml":
            raise SourceError(f"sources file {path}: source {name!r} has unknown kind {kind!r} "
                              f"(one of {', '.join(k for k in KINDS if k != 'toml')})")
        if not where or not isinstance(where, str):
            raise SourceError(f"sources file {path}: source {name!r} needs a url or path")
        rate = entry.get("rate")
        if rate is not None and (not isinstance(rate, int | float) or rate <= 0):
            raise SourceError(f"sources file {path}: source {name!r}: rate must be a positive number "
                              "(requests per second per host)")
        robots = entry.get("robots", True)
        if not isinstance(robots, bool):
            raise SourceError(f"sources file {path}: source {name!r}: robots must be true or false")
        if not where.startswith(("http://", "https://", "file://")):
            where = str((path.parent / where).resolve())
        out.append(Source(name, kind, where, entry.get("language"),
                          _str_list(entry.get("include"), "include", name, path),
                          _str_list(entry.get("exclude"), "exclude", name, path),
                          float(rate) if rate is not None else None, robots))
    return out


def load_publishers(path: Path) -> dict[str, Publisher]:
    """seeds/publishers.csv keyed by domain (www. stripped)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("domain") or "").strip()]
    return {r["domain"].strip().lower().removeprefix("www."): Publisher(
        r["domain"].strip().lower(), r.get("publisher", "").strip(), r.get("country") or None,
        r.get("language") or None, r.get("paywall") or None) for r in rows}


def publisher_for(url: str, publishers: dict[str, Publisher]) -> Publisher | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    while host:
        if host in publishers:
            return publishers[host]
        host = host.partition(".")[2]
    return None


# -- discovery ----------------------------------------------------------------------------------

def discover(source: Source, fetcher: Fetcher | None, options: DiscoverOptions,
             warn: Callable[[str], None] | None = None) -> list[DiscoveredUrl]:
    """List the URLs a source stands for (not yet canonicalised or deduplicated)."""
    ctx = _Ctx(fetcher, options, warn or (lambda _m: None))
    if source.kind == "toml":
        return [u for s in load_toml(Path(source.location)) for u in discover(s, fetcher, ctx.options, warn)]
    if not source.robots:
        ctx.warn(f"source {source.name!r}: robots.txt is NOT obeyed (robots = false)")
    found = list(_discover(source, ctx))
    return [u for u in found if u.via == "error" or _wanted(u.url, source)]


def _wanted(url: str, source: Source) -> bool:
    if source.include and not any(re.search(p, url) for p in source.include):
        return False
    return not any(re.search(p, url) for p in source.exclude)


def _page(source: Source, url: str, **kw) -> DiscoveredUrl:
    return DiscoveredUrl(url, source.name, source.language, rate=source.rate, obey_robots=source.robots, **kw)


def _error(source: Source, url: str, fetched: Fetched) -> DiscoveredUrl:
    return DiscoveredUrl(url, source.name, source.language, via="error", fetched=fetched)


def _discover(source: Source, ctx: _Ctx) -> Iterator[DiscoveredUrl]:
    path = Path(source.location)
    if source.kind == "url":
        yield _page(source, source.location)
    elif source.kind == "file":
        # A missing local page still becomes a URL, so it ends as a `missing_file` reject.
        yield _page(source, path.resolve().as_uri())
    elif source.kind == "directory":
        if not path.is_dir():
            raise SourceError(f"source {source.name!r}: {path} is not a directory")
        for p in sorted(p for p in path.rglob("*") if p.is_file() and is_page_file(p)):
            yield _page(source, p.resolve().as_uri())
    elif source.kind == "urllist":
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(f"URL list {path}: cannot read it ({exc})") from exc
        for ln in lines:
            if url := ln.split("#", 1)[0].strip():
                yield _page(source, url)
    elif source.kind in ("feed", "sitemap"):
        yield from _listing(source, source.location, ctx, depth=0, budget=[ctx.options.max_sitemaps])
    elif source.kind == "warc":
        yield from _warc(source, ctx)
    else:
        raise SourceError(f"source {source.name!r}: unknown kind {source.kind!r}")


def _read_listing(source: Source, where: str, ctx: _Ctx) -> tuple[bytes | None, Fetched | None]:
    """Bytes of a feed or sitemap, local or remote; (None, failure) when it cannot be had."""
    if not where.startswith(("http://", "https://")):
        local = Path(where[7:] if where.startswith("file://") else where)
        try:
            return local.read_bytes(), None
        except OSError as exc:
            raise SourceError(f"source {source.name!r}: cannot read {local} ({exc.strerror})") from exc
    if ctx.fetcher is None:
        raise SourceError(f"source {source.name!r}: remote {source.kind} needs a fetcher")
    fetched, body = ctx.fetcher.get(FetchJob(where, rate=source.rate, obey_robots=source.robots),
                                    max_bytes=ctx.options.sitemap_max_bytes)
    if fetched.error or body is None:
        return None, replace(fetched, error=f"{source.kind}_{fetched.error or 'empty'}")
    return body, None


def _listing(source: Source, where: str, ctx: _Ctx, depth: int, budget: list[int]) -> Iterator[DiscoveredUrl]:
    data, failure = _read_listing(source, where, ctx)
    if failure is not None:
        yield _error(source, where, failure)
        return
    assert data is not None
    remote = where.startswith(("http://", "https://"))
    try:
        if looks_like_sitemap(data):
            sitemap = parse_sitemap(data, ctx.options.sitemap_max_bytes)
            entries = None
        else:
            sitemap = None
            entries = parse_feed(data, base_url=where if remote else None,
                                 max_bytes=ctx.options.sitemap_max_bytes)
    except UnsafeXml as exc:
        yield _error(source, where, _source_failure(where, "unsafe_xml", str(exc)))
        return
    except BadDocument as exc:
        yield _error(source, where, _source_failure(where, f"bad_{source.kind}", str(exc)))
        return
    ok_scheme = ("http://", "https://") if remote else ("http://", "https://", "file://")
    since, until = ctx.options.since, ctx.options.until
    if entries is not None:
        for e in entries:
            if e.url.startswith(ok_scheme) and in_window(e.published, since, until):
                yield _page(source, e.url, listed_at=e.published, listed_title=e.title)
        return
    assert sitemap is not None
    if sitemap.kind == "urlset":
        for se in sitemap.entries:
            if se.loc.startswith(ok_scheme) and in_window(se.when, since, until):
                yield replace(_page(source, se.loc, listed_at=se.when, listed_title=se.news_title),
                              language=source.language or se.news_language)
        return
    if depth >= ctx.options.sitemap_max_depth:
        yield _error(source, where, _source_failure(where, "sitemap_too_deep",
                                                    f"sitemap index nested deeper than {depth}"))
        return
    for child in sitemap.entries:
        # A child sitemap last changed before --since holds nothing newer.
        if since and child.lastmod and child.lastmod.date() < since:
            continue
        if not child.loc.startswith(ok_scheme):
            continue
        if budget[0] <= 0:
            ctx.warn(f"source {source.name!r}: more than {ctx.options.max_sitemaps} sitemaps; the rest skipped")
            return
        budget[0] -= 1
        yield from _listing(source, child.loc, ctx, depth + 1, budget)


def _warc(source: Source, ctx: _Ctx) -> Iterator[DiscoveredUrl]:
    where = source.location
    if ctx.fetcher is None:
        raise SourceError(f"source {source.name!r}: reading a WARC needs a fetcher (for its raw store)")
    try:
        if source.remote:
            path = warc.download(where, ctx.options.warc_cache, ctx.fetcher.client, ctx.options.warc_max_bytes)
        else:
            path = Path(where[7:] if where.startswith("file://") else where)
            if not path.is_file():
                raise SourceError(f"source {source.name!r}: WARC {path} does not exist")
        opts = ctx.options
        for f in warc.read_pages(path, where, ctx.fetcher.store, opts.max_record_bytes, opts.since, opts.until):
            yield DiscoveredUrl(f.url, source.name, source.language, via="warc", fetched=f)
    except warc.WarcError as exc:
        yield _error(source, where, _source_failure(where, "bad_warc", str(exc)))


def _source_failure(url: str, reason: str, detail: str) -> Fetched:
    return Fetched(url, None, None, None, None, None, None, datetime.now(UTC), 0.0, 0,
                   error=reason, detail=detail[:500])


def to_frame(found: list[DiscoveredUrl]) -> pl.DataFrame:
    rows = []
    for u in found:
        row = {"url": u.url, "source": u.source, "language": u.language, "via": u.via, "rate": u.rate,
               "obey_robots": u.obey_robots, "listed_at": u.listed_at, "listed_title": u.listed_title}
        if u.fetched is not None:
            f = u.fetched
            row.update(final_url=f.final_url, status=f.status, content_type=f.content_type, charset=f.charset,
                       bytes=f.bytes, sha256=f.sha256, fetched_at=f.fetched_at, elapsed_ms=f.elapsed_ms,
                       etag=f.etag, last_modified=f.last_modified, error=f.error, detail=f.detail,
                       wire_bytes=f.wire_bytes, warc_record=f.warc_record)
        rows.append(row)
    if not rows:
        return pl.DataFrame(schema=DISCOVERED)
    return pl.DataFrame([{k: r.get(k) for k in DISCOVERED} for r in rows], schema=DISCOVERED, orient="row")


def prefetched(row: dict) -> Fetched:
    """The Fetched carried by a via=warc / via=error row of the discovered frame."""
    return Fetched(row["url"], row["final_url"], row["status"], row["content_type"], row["charset"],
                   row["bytes"], row["sha256"], row["fetched_at"], row["elapsed_ms"] or 0.0, 0,
                   row["etag"], row["last_modified"], error=row["error"], detail=row["detail"],
                   method="warc" if row["via"] == "warc" else "http", wire_bytes=row["wire_bytes"],
                   warc_record=row["warc_record"])
