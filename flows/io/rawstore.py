"""Content-addressed raw page store: each distinct body is kept once, gzip-compressed, under its sha256."""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path

from transforms.ids import sha256_hex


class RawStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / f"{sha256}.gz"

    def put(self, data: bytes) -> str:
        """Store bytes and return their sha256; storing the same bytes again is free."""
        sha = sha256_hex(data)
        path = self.path_for(sha)
        if path.exists():
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write to a temp file and rename, so a killed run never leaves a truncated body behind.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(gzip.compress(data, compresslevel=6))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        return gzip.decompress(self.path_for(sha256).read_bytes())

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()
