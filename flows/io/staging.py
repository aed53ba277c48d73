"""The staging area: each shard's rows as Parquet under a deterministic name, on any fsspec URL.

A shard's folder is <root>/<run_id>/<shard_id>/ with one <table>.parquet per frame and a
`_manifest.json` written last. Only a folder with a manifest counts as staged: a worker killed while
writing leaves no manifest, and the retried shard writes the same names again (overwriting). The
commit step reads a staged shard and removes it once its rows are in the database; a run removes its
own folder when it ends, and the next run on the same database removes what a killed driver left.
"""

from __future__ import annotations

import json

import polars as pl

from flows.io.fsstore import filesystem

MANIFEST = "_manifest.json"


class Staging:
    def __init__(self, url: str, options: dict | None = None):
        self.url = url
        self.options = options or {}
        self.fs, self.root = filesystem(url, self.options)

    def shard_dir(self, run_id: str, shard_id: str) -> str:
        return f"{self.root}/{run_id}/{shard_id}"

    def write(self, run_id: str, shard_id: str, frames: dict[str, pl.DataFrame], counts: dict) -> None:
        folder = self.shard_dir(run_id, shard_id)
        self.fs.makedirs(folder, exist_ok=True)
        # A retried shard may find its own manifest from an attempt that died after writing it:
        # drop it first so the folder never claims files that are being rewritten.
        if self.fs.exists(f"{folder}/{MANIFEST}"):
            self.fs.rm_file(f"{folder}/{MANIFEST}")
        for table, frame in frames.items():
            with self.fs.open(f"{folder}/{table}.parquet", "wb") as fh:
                frame.write_parquet(fh)
        manifest = {"tables": sorted(frames), "counts": counts}
        self.fs.pipe_file(f"{folder}/{MANIFEST}", json.dumps(manifest).encode())

    def read(self, run_id: str, shard_id: str) -> tuple[dict[str, pl.DataFrame], dict]:
        """The shard's frames and counts; FileNotFoundError when it was never staged completely."""
        folder = self.shard_dir(run_id, shard_id)
        manifest = json.loads(self.fs.cat_file(f"{folder}/{MANIFEST}"))
        frames = {}
        for table in manifest["tables"]:
            with self.fs.open(f"{folder}/{table}.parquet", "rb") as fh:
                frames[table] = pl.read_parquet(fh)
        return frames, manifest["counts"]

    def remove(self, run_id: str, shard_id: str) -> None:
        folder = self.shard_dir(run_id, shard_id)
        if self.fs.exists(folder):
            self.fs.rm(folder, recursive=True)
        try:  # the run's folder goes with its last shard (object stores have no empty folders anyway)
            self.fs.rmdir(f"{self.root}/{run_id}")
        except OSError:
            pass

    def runs(self) -> list[str]:
        """The run ids that have a folder here (any database's runs: a staging area may be shared)."""
        if not self.fs.isdir(self.root):
            return []
        return sorted(path.rstrip("/").rsplit("/", 1)[-1] for path in self.fs.ls(self.root, detail=False))

    def remove_run(self, run_id: str) -> None:
        folder = f"{self.root}/{run_id}"
        if self.fs.exists(folder):
            self.fs.rm(folder, recursive=True)
