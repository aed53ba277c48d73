"""Fetching pages: file:// from disk, http(s):// with httpx. Every body goes to the raw store.

A fetch never raises for a bad page: the result carries the error, and the flow turns it into a
`rejects` row. Only transient failures (connection errors, timeouts, 429, 5xx) are retried.
"""

from __future__ import annotations

import gzip
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from flows.io.rawstore import RawStore
from transforms.urls import ALLOWED_SCHEMES


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    concurrency: int = 16


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

    @property
    def ok(self) -> bool:
        return self.error is None and self.sha256 is not None


class _TooLarge(Exception):
    pass


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), None)
    return parts[0].lower() or None, charset


def fetch_file(url: str, store: RawStore) -> Fetched:
    started = time.perf_counter()
    path = Path(unquote(urlsplit(url).path))
    now = datetime.now(UTC)
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except FileNotFoundError:
        return _failed(url, now, started, 1, "missing_file", f"no such file: {path}")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return _failed(url, now, started, 1, "unreadable_file", f"{path}: {exc}")
    sha = store.put(data)
    ctype = "text/html" if path.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")) else None
    return Fetched(url, url, 200, ctype, None, len(data), sha, now, _ms(started), 1)


def fetch_http(url: str, client: httpx.Client, store: RawStore, policy: FetchPolicy,
               sleep: Callable[[float], None] = time.sleep) -> Fetched:
    started = time.perf_counter()
    attempts = 0
    while True:
        attempts += 1
        try:
            result = _one_http_attempt(url, client, store, policy, started, attempts)
        except httpx.TimeoutException as exc:
            result = _failed(url, datetime.now(UTC), started, attempts, "timeout", f"timed out: {exc!r}")
            transient = True
        except httpx.TooManyRedirects:
            return _failed(url, datetime.now(UTC), started, attempts, "too_many_redirects",
                           f"more than {policy.max_redirects} redirects")
        except httpx.UnsupportedProtocol as exc:
            return _failed(url, datetime.now(UTC), started, attempts, "bad_scheme", str(exc))
        except httpx.TransportError as exc:
            result = _failed(url, datetime.now(UTC), started, attempts, "connect_error", repr(exc)[:300])
            transient = True
        except _TooLarge as exc:
            return _failed(url, datetime.now(UTC), started, attempts, "too_large", str(exc))
        else:
            transient = result.status is not None and (result.status == 429 or result.status >= 500)
        if not transient or attempts > policy.retries:
            return result
        # Exponential backoff with jitter so many workers do not hammer a host in lockstep.
        sleep(policy.backoff * (2 ** (attempts - 1)) * (0.5 + random.random()))


def _one_http_attempt(url: str, client: httpx.Client, store: RawStore, policy: FetchPolicy,
                      started: float, attempts: int) -> Fetched:
    with client.stream("GET", url) as resp:
        for hop in [*resp.history, resp]:
            if hop.url.scheme not in ALLOWED_SCHEMES[:2]:
                raise httpx.UnsupportedProtocol(f"redirect to a refused scheme: {hop.url}")
        ctype, charset = _parse_content_type(resp.headers.get("content-type"))
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > policy.max_bytes:
            raise _TooLarge(f"Content-Length {declared} exceeds the cap of {policy.max_bytes} bytes")
        chunks: list[bytes] = []
        size = 0
        # iter_bytes decompresses, so the cap also stops gzip bombs.
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise _TooLarge(f"body exceeds the cap of {policy.max_bytes} bytes")
            if time.perf_counter() - started > policy.timeout * 3:
                raise httpx.ReadTimeout("total time per page exceeded")
            chunks.append(chunk)
        now = datetime.now(UTC)
        final = str(resp.url)
        status = resp.status_code
        etag, last_mod = resp.headers.get("etag"), resp.headers.get("last-modified")
    if status == 304:
        return Fetched(url, final, status, ctype, charset, 0, None, now, _ms(started), attempts,
                       etag, last_mod, not_modified=True)
    if status >= 400:
        return Fetched(url, final, status, ctype, charset, size, None, now, _ms(started), attempts,
                       etag, last_mod, error=f"http_{status}", detail=f"HTTP {status} from {final}")
    sha = store.put(b"".join(chunks))
    return Fetched(url, final, status, ctype, charset, size, sha, now, _ms(started), attempts, etag, last_mod)


def make_client(policy: FetchPolicy) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": policy.user_agent, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        limits=httpx.Limits(max_connections=policy.concurrency),
    )


def fetch_all(urls: Iterable[str], store: RawStore, policy: FetchPolicy) -> list[Fetched]:
    """Fetch URLs concurrently (threads: the work is waiting on sockets), in input order."""
    urls = list(urls)
    with make_client(policy) as client:
        def one(url: str) -> Fetched:
            scheme = urlsplit(url).scheme.lower()
            if scheme == "file":
                return fetch_file(url, store)
            if scheme in ("http", "https"):
                return fetch_http(url, client, store, policy)
            return _failed(url, datetime.now(UTC), time.perf_counter(), 0, "bad_scheme",
                           f"scheme {scheme!r} is not allowed (http, https, file)")
        with ThreadPoolExecutor(max_workers=max(1, policy.concurrency)) as pool:
            return list(pool.map(one, urls))


def _failed(url: str, now: datetime, started: float, attempts: int, reason: str, detail: str) -> Fetched:
    return Fetched(url, None, None, None, None, None, None, now, _ms(started), attempts,
                   error=reason, detail=detail)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
