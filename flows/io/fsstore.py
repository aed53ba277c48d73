"""Storage that workers on other machines can reach: fsspec URLs (s3://bucket/path, file://, local paths).

`FsRawStore` is the content-addressed raw store (same layout as `RawStore`: <sha[:2]>/<sha[2:4]>/<sha>.gz,
gzip) on any fsspec filesystem; `open_raw_store` picks the plain local store for a local path, so a run
without a cluster works exactly as before. `filesystem` is the one place that turns a URL plus storage
options into a filesystem, with short S3 time-outs so an unreachable store fails fast instead of hanging.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from flows.io.rawstore import RawStore
from transforms.ids import sha256_hex

# botocore's defaults (60 s time-outs, several retries each) turn an unreachable endpoint into minutes.
S3_DEFAULTS: dict[str, Any] = {
    "config_kwargs": {"connect_timeout": 5, "read_timeout": 60, "retries": {"max_attempts": 2}}}


def is_remote(location: str | Path) -> bool:
    """True for a URL with a scheme other than file:// (the store is not a local folder)."""
    text = str(location)
    return "://" in text and not text.startswith("file://")


def local_path(location: str | Path) -> Path:
    text = str(location)
    return Path(text.removeprefix("file://"))


def storage_options(location: str, endpoint: str = "") -> dict:
    """fsspec options for a URL: S3 gets short time-outs and, when given, a custom endpoint
    (an S3-compatible server: MinIO, Ceph, moto). Credentials come from the usual AWS chain."""
    if not str(location).startswith(("s3://", "s3a://")):
        return {}
    opts: dict[str, Any] = dict(S3_DEFAULTS)
    if endpoint:
        opts["endpoint_url"] = endpoint
    return opts


def filesystem(location: str, options: dict | None = None):
    """(fsspec filesystem, root path inside it) for a URL or local path."""
    import fsspec

    remote_opts = (options or {}) if str(location).startswith(("s3://", "s3a://")) else {}
    fs, root = fsspec.core.url_to_fs(str(location), **remote_opts)
    return fs, root.rstrip("/")


class FsRawStore:
    """The raw store on an fsspec filesystem. Whole-object writes: on S3 a put is atomic, so a killed
    writer never leaves a truncated body behind."""

    def __init__(self, url: str, options: dict | None = None):
        self.root = url  # str: `WorkerConfig.raw_root` and the cluster hand it on as it is
        self.options = options or {}
        self.fs, self._root = filesystem(url, self.options)

    def path_for(self, sha256: str) -> str:
        return f"{self._root}/{sha256[:2]}/{sha256[2:4]}/{sha256}.gz"

    def put(self, data: bytes) -> str:
        sha = sha256_hex(data)
        path = self.path_for(sha)
        if not self.fs.exists(path):
            self.fs.pipe_file(path, gzip.compress(data, compresslevel=6))
        return sha

    def get(self, sha256: str) -> bytes:
        return gzip.decompress(self.fs.cat_file(self.path_for(sha256)))

    def get_gz(self, sha256: str) -> bytes:
        """The stored (compressed) bytes, to copy into a worker's local cache as they are."""
        return self.fs.cat_file(self.path_for(sha256))

    def has(self, sha256: str) -> bool:
        return self.fs.exists(self.path_for(sha256))


def open_raw_store(location: str | Path, endpoint: str = "") -> RawStore | FsRawStore:
    """The raw store at a local path (or file:// URL) or a remote fsspec URL."""
    if is_remote(location):
        return FsRawStore(str(location), storage_options(str(location), endpoint))
    return RawStore(local_path(location))
