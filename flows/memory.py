"""How the process that runs the pipeline gives freed memory back to the system.

Each batch passes through the flow process as page bodies (read and decompressed by the fetcher's
threads, a few hundred KB each) and frames. glibc's malloc serves buffers over its mmap threshold
(128 KiB) with their own mapping, returned on free, but raises that threshold to the size of the
largest such buffer freed (up to 32 MiB). From then on page bodies come from the per-thread arenas
of the fetch threads, where freed space stays resident: measured in a 2,000-page run, glibc held
100-116 MB free in 16 arenas for 70-95 MB in use, from the first batch on (issue 16). Pinning the
threshold keeps big buffers in their own mappings: 10-23 MB free for the same run.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt parameter (glibc malloc.h); setting it also ends the dynamic adjustment
MMAP_THRESHOLD = 128 * 1024  # glibc's initial value


def pin_mmap_threshold(threshold: int = MMAP_THRESHOLD) -> bool:
    """Keep glibc's mmap threshold at `threshold` bytes for this process; False where the C library
    has no `mallopt` (not glibc) or refuses the value, which leaves the allocator as it was."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):
        return False
