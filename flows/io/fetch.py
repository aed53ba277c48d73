"""Fetching pages: file:// from disk, http(s):// with httpx, politely. Every body goes to the raw store.

A fetch never raises for a bad page: the result carries the error, and the flow turns it into a
`rejects` row. Politeness: robots.txt once per host per run (flows/io/robots.py), one request per
interval per host (flows/io/politeness.py), bounded concurrency. Retries with exponential backoff
and jitter on connection errors, 429 and 5xx only; Retry-After honoured; 4xx never retried.
Redirects are followed by hand so every hop is checked (scheme, robots, rate) and loops are seen.
Bodies are decompressed here, not by httpx, so the size cap holds on decompressed bytes too.
"""

from __future__ import annotations

import email.utils
import gzip
import random
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from flows.io.politeness import HostLimiter, interval_for
from flows.io.rawstore import RawStore
from flows.io.robots import ROBOTS_MAX_BYTES, RobotsCache

REDIRECTS = (301, 302, 303, 307, 308)
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class FetchPolicy:
    """How pages are fetched; built from the settings (`Settings.fetch_policy`, where the defaults live)."""

    user_agent: str
    timeout: float  # connect / read timeout of one network operation
    max_bytes: int  # on the wire and after decompression
    max_redirects: int
    retries: int
    backoff: float
    concurrency: int
    total_timeout: float  # wall time of one attempt at one page, drip-feeding included
    rate_per_host: float  # requests per second per host, unless a source overrides it
    obey_robots: bool
    max_retry_after: float  # a longer Retry-After gives up on the page for this run
    max_crawl_delay: float  # Crawl-delay above this is capped
    robots_token: str = "news-etl"


@dataclass(frozen=True)
class FetchJob:
    url: str
    etag: str | None = None  # sent as If-None-Match
    last_modified: str | None = None  # sent as If-Modified-Since
    rate: float | None = None  # per-source override of policy.rate_per_host
    obey_robots: bool | None = True  # None only for the robots.txt request itself


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str | None
    status: int | None
    content_type: str | None
    charset: str | None
    bytes: int | None
    sha256: str | None
    fetched_at: datetime
    elapsed_ms: float
    attempts: int
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None  # reject reason when the fetch failed
    detail: str | None = None
    robots: str | None = None  # allowed, disallowed, no_robots, unreachable, ignored; None for file/warc
    method: str = "http"  # http, file, warc
    wire_bytes: int | None = None
    warc_record: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.sha256 is not None


class _Stop(Exception):
    """Ends a fetch with a reject reason; never retried."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class _Response:
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes | None
    wire_bytes: int


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower() or None, charset or None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Decoder:
    """Content-Encoding gzip/deflate, decompressed in bounded steps."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._new(zlib.MAX_WBITS | 32)  # auto-detects a gzip or zlib header
        self._first = True

    def _new(self, wbits: int) -> None:
        self.wbits, self.d = wbits, zlib.decompressobj(wbits)

    def feed(self, data: bytes, room: int) -> tuple[bytes, bytes]:
        """Decompress at most `room` bytes; returns (output, input left over)."""
        try:
            out = self.d.decompress(data, room)
        except zlib.error:
            if self._first and self.encoding == "deflate":  # raw deflate without a zlib header
                self._first = False
                self._new(-zlib.MAX_WBITS)
                return self.feed(data, room)
            raise
        self._first = False
        rest = self.d.unconsumed_tail
        if self.d.eof and self.d.unused_data:  # another gzip member follows
            rest = self.d.unused_data
            self._new(self.wbits)
        return out, rest


def read_body(chunks: Iterable[bytes], encoding: str | None, max_bytes: int, deadline: float,
              clock: Callable[[], float] = time.monotonic) -> tuple[bytes, int]:
    """Body bytes (decoded) and the bytes on the wire; stops at the cap and at the deadline."""
    enc = (encoding or "identity").strip().lower()
    if enc in ("", "identity", "none"):
        decoder = None
    elif enc in ("gzip", "x-gzip", "deflate"):
        decoder = _Decoder(enc)
    else:
        raise _Stop("bad_encoding", f"unsupported Content-Encoding {enc!r}")
    out = bytearray()
    wire = 0
    for chunk in chunks:
        wire += len(chunk)
        if wire > max_bytes:
            raise _Stop("too_large", f"body exceeds the cap of {max_bytes} bytes")
        if decoder is None:
            out += chunk
        else:
            rest = chunk
            while rest:
                try:
                    piece, rest = decoder.feed(rest, max_bytes + 1 - len(out))
                except zlib.error as exc:
                    raise _Stop("bad_encoding", f"cannot decompress {enc} body: {exc}") from exc
                out += piece
                if len(out) > max_bytes:
                    raise _Stop("too_large_decompressed",
                                f"{enc} body expands past the cap of {max_bytes} bytes (compression bomb?)")
                if not piece and rest and decoder.d.eof:
                    break
        if clock() > deadline:
            raise _Stop("timeout", "total time per page exceeded")
    return bytes(out), wire


def fetch_file(url: str, store: RawStore) -> Fetched:
    started = time.perf_counter()
    path = Path(unquote(urlsplit(url).path))
    now = datetime.now(UTC)
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except FileNotFoundError:
        return _failed(url, now, started, 1, "missing_file", f"no such file: {path}", method="file")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return _failed(url, now, started, 1, "unreadable_file", f"{path}: {exc}", method="file")
    sha = store.put(data)
    ctype = "text/html" if path.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")) else None
    return Fetched(url, url, 200, ctype, None, len(data), sha, now, _ms(started), 1, method="file",
                   wire_bytes=path.stat().st_size)


def make_client(policy: FetchPolicy) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": policy.user_agent, "Accept-Encoding": "gzip, deflate",
                 "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,  # followed by hand, hop by hop
        limits=httpx.Limits(max_connections=policy.concurrency),
    )


class Fetcher:
    """One run's HTTP session: client, per-host limiter and robots cache. Use as a context manager."""

    def __init__(self, policy: FetchPolicy, store: RawStore, client: httpx.Client | None = None,
                 limiter: HostLimiter | None = None, sleep: Callable[[float], None] = time.sleep,
                 warn: Callable[[str], None] | None = None) -> None:
        self.policy = policy
        self.store = store
        self.client = client or make_client(policy)
        self.limiter = limiter or HostLimiter(sleep=sleep)
        self.sleep = sleep
        self.warn = warn or (lambda _msg: None)
        self.robots = RobotsCache(self._fetch_robots)
        self._warned: set[str] = set()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    # -- public -------------------------------------------------------------------------------
    def fetch(self, job: FetchJob) -> Fetched:
        """Fetch one URL into the raw store (file, http, https); never raises."""
        scheme = urlsplit(job.url).scheme.lower()
        if scheme == "file":
            return fetch_file(job.url, self.store)
        if scheme not in WEB_SCHEMES:
            return _failed(job.url, datetime.now(UTC), time.perf_counter(), 0, "bad_scheme",
                           f"scheme {scheme!r} is not allowed (http, https, file)")
        result, body = self.get(job)
        if body is not None and result.error is None and not result.not_modified:
            result = replace(result, sha256=self.store.put(body))
        return result

    def fetch_all(self, jobs: Iterable[FetchJob]) -> list[Fetched]:
        """Fetch concurrently (threads wait on sockets and rate limits), results in input order.
        Jobs are interleaved across hosts so one slow host does not hold every worker."""
        jobs = list(jobs)
        order = _round_robin_by_host([j.url for j in jobs])
        results: list[Fetched | None] = [None] * len(jobs)
        with ThreadPoolExecutor(max_workers=max(1, self.policy.concurrency)) as pool:
            for i, res in zip(order, pool.map(lambda i: self.fetch(jobs[i]), order), strict=True):
                results[i] = res
        return [r for r in results if r is not None]

    def get(self, job: FetchJob, max_bytes: int | None = None) -> tuple[Fetched, bytes | None]:
        """HTTP GET with politeness and retries; the body is returned, not stored."""
        p = self.policy
        started = time.perf_counter()
        headers = {}
        if job.etag:
            headers["If-None-Match"] = job.etag
        if job.last_modified:
            headers["If-Modified-Since"] = job.last_modified
        attempts = 0
        robots = None
        while True:
            attempts += 1
            retry_after = None
            try:
                resp, robots = self._attempt(job, max_bytes or p.max_bytes, headers)
            except _Stop as stop:
                robots = getattr(stop, "robots", robots)
                return _failed(job.url, datetime.now(UTC), started, attempts, stop.reason, stop.detail,
                               robots=robots), None
            except httpx.TimeoutException as exc:
                result = _failed(job.url, datetime.now(UTC), started, attempts, "timeout",
                                 f"timed out: {type(exc).__name__}", robots=getattr(exc, "robots", None))
                body = None
            except httpx.TransportError as exc:
                result = _failed(job.url, datetime.now(UTC), started, attempts, "connect_error",
                                 repr(exc)[:300], robots=getattr(exc, "robots", None))
                body = None
            except httpx.HTTPError as exc:  # invalid URL and friends: not transient
                return _failed(job.url, datetime.now(UTC), started, attempts, "bad_url", repr(exc)[:300]), None
            else:
                result, body = self._result(job, resp, started, attempts, robots)
                if not (resp.status == 429 or resp.status >= 500):
                    return result, body
                if resp.status == 429 or resp.status == 503:
                    retry_after = retry_after_seconds(resp.headers.get("retry-after"))
            if attempts > p.retries:
                return result, None
            host = urlsplit(job.url).netloc.lower()
            if retry_after is not None:
                if retry_after > p.max_retry_after:
                    return replace(result, detail=f"{result.detail}; Retry-After {retry_after:.0f}s exceeds "
                                                  f"the cap of {p.max_retry_after:.0f}s"), None
                self.limiter.defer(host, retry_after)  # the next slot for this host waits it out
            else:
                # Exponential backoff with jitter so workers do not hammer a host in lockstep.
                self.sleep(p.backoff * (2 ** (attempts - 1)) * (0.5 + random.random()))

    # -- internals ----------------------------------------------------------------------------
    def _robots_check(self, job: FetchJob, url: str) -> tuple[str, float | None]:
        if not (self.policy.obey_robots and job.obey_robots):
            host = urlsplit(url).netloc.lower()
            if host not in self._warned:
                self._warned.add(host)
                self.warn(f"robots.txt is ignored for {host} (turned off for this source)")
            return "ignored", None
        ok, decision, delay = self.robots.decide(self.policy.robots_token, url)
        if not ok:
            why = "disallows" if decision == "disallowed" else "could not be read, which disallows"
            stop = _Stop("robots_disallowed" if decision == "disallowed" else "robots_unreachable",
                         f"robots.txt of {urlsplit(url).netloc} {why} {url}")
            stop.robots = decision  # type: ignore[attr-defined]
            raise stop
        return decision, delay

    def _attempt(self, job: FetchJob, max_bytes: int, headers: dict[str, str]) -> tuple[_Response, str | None]:
        p = self.policy
        current = job.url
        seen = {current}
        decision: str | None = None
        for hop in range(p.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme.lower() not in WEB_SCHEMES:
                raise _Stop("bad_redirect" if hop else "bad_scheme",
                            f"refused redirect to scheme {parts.scheme!r}: {current}" if hop
                            else f"scheme {parts.scheme!r} is not allowed")
            decision, delay = self._robots_check(job, current) if job.obey_robots is not None else (None, None)
            host = parts.netloc.lower()
            self.limiter.wait(host, interval_for(job.rate or p.rate_per_host, delay, p.max_crawl_delay))
            deadline = time.monotonic() + p.total_timeout
            try:
                with self.client.stream("GET", current, headers=headers) as resp:
                    if resp.status_code in REDIRECTS and resp.headers.get("location"):
                        nxt = urljoin(current, resp.headers["location"].strip())
                        if nxt in seen:
                            raise _Stop("redirect_loop", f"redirect loop: {current} -> {nxt}")
                        seen.add(nxt)
                        current = nxt
                        continue
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise _Stop("too_large", f"Content-Length {declared} exceeds the cap of {max_bytes} bytes")
                    body: bytes | None = None
                    wire = 0
                    if 200 <= resp.status_code < 300:
                        body, wire = read_body(resp.iter_raw(), resp.headers.get("content-encoding"),
                                               max_bytes, deadline)
                    return _Response(current, resp.status_code, resp.headers, body, wire), decision
            except httpx.TransportError as exc:
                exc.robots = decision  # type: ignore[attr-defined]
                raise
        raise _Stop("too_many_redirects", f"more than {p.max_redirects} redirects from {job.url}")

    def _result(self, job: FetchJob, resp: _Response, started: float, attempts: int,
                robots: str | None) -> tuple[Fetched, bytes | None]:
        ctype, charset = _parse_content_type(resp.headers.get("content-type"))
        etag = resp.headers.get("etag") or (job.etag if resp.status == 304 else None)
        last_mod = resp.headers.get("last-modified") or (job.last_modified if resp.status == 304 else None)
        base = Fetched(job.url, resp.final_url, resp.status, ctype, charset, None, None, datetime.now(UTC),
                       _ms(started), attempts, etag, last_mod, robots=robots, wire_bytes=resp.wire_bytes)
        if resp.status == 304:
            return replace(base, bytes=0, not_modified=True), None
        if resp.status >= 300:
            return replace(base, error=f"http_{resp.status}", detail=f"HTTP {resp.status} from {resp.final_url}"), None
        return replace(base, bytes=len(resp.body or b"")), resp.body

    def _fetch_robots(self, url: str) -> tuple[int | None, bytes | None, str]:
        job = FetchJob(url, obey_robots=None)
        result, body = self.get(job, max_bytes=ROBOTS_MAX_BYTES)
        return result.status, body, result.detail or ""


def _round_robin_by_host(urls: list[str]) -> list[int]:
    queues: dict[str, list[int]] = defaultdict(list)
    for i, url in enumerate(urls):
        queues[urlsplit(url).netloc.lower()].append(i)
    order: list[int] = []
    lists = list(queues.values())
    for k in range(max((len(q) for q in lists), default=0)):
        order += [q[k] for q in lists if k < len(q)]
    return order


def _failed(url: str, now: datetime, started: float, attempts: int, reason: str, detail: str,
            robots: str | None = None, method: str = "http") -> Fetched:
    return Fetched(url, None, None, None, None, None, None, now, _ms(started), attempts,
                   error=reason, detail=detail, robots=robots, method=method)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
