"""Shared fixtures: a loopback HTTP server with fault pages, one Prefect test harness per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# One loopback server for every test: fixed replies, reply sequences, drips, conditional GET.
from tests.io.faultserver import FaultServer as LoopbackServer
from tests.io.faultserver import Reply as Route

__all__ = ["LoopbackServer", "Route", "SAMPLE_DIR", "SHARED", "sample_pages"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "seeds" / "sample"
SHARED = ROOT.parent / "shared"

# Tests never wait long for a slow server, and never talk to anything but loopback.
os.environ.setdefault("NEWS_HTTP_TIMEOUT", "1.5")
os.environ.setdefault("NEWS_HTTP_RETRIES", "1")
os.environ.setdefault("NEWS_HTTP_BACKOFF", "0.05")
# All test pages live on one loopback host; the polite default of 1 request/s would only slow tests.
os.environ.setdefault("NEWS_HTTP_RATE_PER_HOST", "50")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def sample_pages() -> list[Path]:
    return sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix == ".html")
