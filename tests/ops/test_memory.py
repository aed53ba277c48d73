"""The flow process gives freed memory back (issue 16): page-sized buffers freed by a fetch thread
do not stay in glibc's arenas once the mmap threshold is pinned, and every DuckDB connection runs
with the allocator settings that return what a load freed."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from flows.io import db

# A fetch thread's pattern: after one big buffer was freed (which raises glibc's dynamic mmap
# threshold), page bodies of 400 KB are read and dropped while a small row outlives each of them.
PROBE = """
import ctypes, sys, threading
from flows import memory
if sys.argv[1] == "pinned":
    assert memory.pin_mmap_threshold()
libc = ctypes.CDLL("libc.so.6")
class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                               "fsmblks", "uordblks", "fordblks", "keepcost")]
libc.mallinfo2.restype = MallInfo2
rows = []
def fetch():
    big = bytes(2 << 20)
    del big
    bodies = []
    for i in range(200):
        bodies.append(bytes(400_000 + i))
        rows.append(bytes(600 + i))
    del bodies
t = threading.Thread(target=fetch)
t.start()
t.join()
print(libc.mallinfo2().fordblks / 2**20)
"""


def _free_mb(mode: str) -> float:
    # glibc's own knobs (MALLOC_TRIM_THRESHOLD_, which Dask's nanny puts into the environment of the
    # process that ran the cluster tests, ...) also end the dynamic threshold: the probe runs without them
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_") and k != "GLIBC_TUNABLES"}
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True, env=env)
    return float(out.stdout.strip())


def _glibc_with_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL("libc.so.6"), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="needs glibc 2.33+ (mallinfo2)")
def test_pinned_threshold_leaves_no_freed_page_bodies_in_the_arenas():
    assert _free_mb("dynamic") > 40  # the cause: ~76 MB of freed bodies held in the thread's arena
    assert _free_mb("pinned") < 8


@pytest.mark.parametrize("read_only", [False, True])
def test_connections_return_freed_memory(tmp_path, read_only):
    db.connect(tmp_path / "news.duckdb").close()
    con = db.connect(tmp_path / "news.duckdb", read_only=read_only)
    try:
        settings = dict(con.execute("SELECT name, value FROM duckdb_settings() "
                                    "WHERE name LIKE 'allocator_%'").fetchall())
    finally:
        con.close()
    assert settings["allocator_background_threads"] == "true"
    assert settings["allocator_flush_threshold"] == db.ALLOCATOR_CONFIG["allocator_flush_threshold"]
