from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from flows.io.fetch import Fetcher, FetchPolicy
from flows.io.rawstore import RawStore
from flows.io.sources import DiscoverOptions
from flows.settings import Settings
from tests.io.faultserver import FaultServer

UA = "news-etl/0.1 (+https://example.org/contact)"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as s:
        yield s


@pytest.fixture
def store(tmp_path) -> RawStore:
    return RawStore(tmp_path / "raw")


def policy(**kw) -> FetchPolicy:
    base = dict(user_agent=UA, timeout=1.0, total_timeout=2.0, retries=2, backoff=0.01,
                rate_per_host=1000.0, max_bytes=2_000_000, concurrency=8)
    base.update(kw)
    return replace(Settings().fetch_policy(), **base)


def discover_options(**kw) -> DiscoverOptions:
    """The default discovery options (from the settings), with `kw` changed."""
    return replace(Settings().discover_options(Path("data/news.duckdb"), None, None), **kw)


@pytest.fixture
def fetcher(store) -> Iterator[Fetcher]:
    with Fetcher(policy(), store) as f:
        yield f
