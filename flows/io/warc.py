"""WARC files (.warc, .warc.gz) as a source: response records become raw pages with their original
URLs and capture times, without fetching. Remote WARCs (CC-NEWS publishes them over https) are
downloaded once into a cache folder and read from there, so a resumed run does not download again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flows.io.fetch import Fetched, _parse_content_type
from flows.io.rawstore import RawStore
from transforms.sources import in_window, parse_w3c_datetime


class WarcError(ValueError):
    """A WARC that cannot be read or downloaded; the message says which and why."""


def is_warc_name(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


def download(url: str, cache_dir: Path, client: httpx.Client, max_bytes: int) -> Path:
    """Download a remote WARC once (streamed to a temp file, renamed when complete)."""
    name = Path(urlsplit(url).path).name or "download.warc.gz"
    dest = Path(cache_dir) / f"{hashlib.sha256(url.encode()).hexdigest()[:12]}-{name}"
    if dest.exists():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
    size = 0
    try:
        with os.fdopen(fd, "wb") as fh, client.stream("GET", url, follow_redirects=True) as resp:
            if resp.status_code != 200:
                raise WarcError(f"WARC {url}: HTTP {resp.status_code}")
            for chunk in resp.iter_raw():  # stored as sent: a .warc.gz stays gzipped
                size += len(chunk)
                if size > max_bytes:
                    raise WarcError(f"WARC {url}: larger than the cap of {max_bytes} bytes "
                                    "(NEWS_WARC_MAX_BYTES)")
                fh.write(chunk)
        os.replace(tmp, dest)
    except httpx.HTTPError as exc:
        raise WarcError(f"WARC {url}: download failed ({type(exc).__name__}: {exc})") from exc
    finally:
        Path(tmp).unlink(missing_ok=True)
    return dest


def read_pages(path: Path, label: str, store: RawStore, max_record_bytes: int,
               since: date | None = None, until: date | None = None) -> Iterator[Fetched]:
    """Each HTTP response record with a 2xx status as a Fetched (body in the raw store).
    Records over the size cap come out as `too_large` failures; other record types are skipped."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in finally, the generator may stop early
    except OSError as exc:
        raise WarcError(f"WARC {path}: cannot open it ({exc.strerror})") from exc
    try:
        it = ArchiveIterator(fh)
        for record in it:
            if not str(record.format).startswith("warc"):
                raise WarcError(f"WARC {label}: not a WARC file (record format {record.format!r})")
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            captured = parse_w3c_datetime(record.rec_headers.get_header("WARC-Date"))
            if not url or captured is None or not in_window(captured, since, until):
                continue
            status = int(record.http_headers.get_statuscode() or 0)
            if not 200 <= status < 300:
                continue
            started = time.perf_counter()
            ctype, charset = _parse_content_type(record.http_headers.get_header("Content-Type"))
            body = record.content_stream().read(max_record_bytes + 1)
            where = f"{label}#{it.get_record_offset()}"  # only valid once the content was read
            if len(body) > max_record_bytes:
                yield Fetched(url, url, status, ctype, charset, None, None, captured, 0.0, 0,
                              error="too_large", detail=f"WARC record {where} exceeds {max_record_bytes} bytes",
                              method="warc", warc_record=where)
                continue
            sha = store.put(body)
            yield Fetched(url, url, status, ctype, charset, len(body), sha, captured,
                          round((time.perf_counter() - started) * 1000, 1), 0,
                          etag=record.http_headers.get_header("ETag"),
                          last_modified=record.http_headers.get_header("Last-Modified"),
                          method="warc", wire_bytes=record.length, warc_record=where)
    except ArchiveLoadFailed as exc:
        raise WarcError(f"WARC {label}: not a readable WARC file ({exc})") from exc
    finally:
        fh.close()

