"""One Dask cluster per test module: a scheduler and 2 worker processes on loopback, and an
S3-compatible server (moto in server mode) on loopback for the storage tests."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

# Workers inherit the environment when they start: moto's fake credentials, never real ones.
for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1"}.items():
    os.environ[key] = value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from distributed import Client, LocalCluster

    os.environ["NEWS_WORKER_CACHE"] = str(tmp_path_factory.mktemp("worker-cache"))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as lc, \
            Client(lc, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=120)
        yield client


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def cluster_settings(monkeypatch: pytest.MonkeyPatch, cluster) -> Iterator[dict]:
    """Settings for a run through the module's cluster; small shards so 2 workers share a few pages."""
    from flows.settings import get_settings

    address = cluster.scheduler.address
    monkeypatch.setenv("NEWS_CLUSTER_SHARD_PAGES", "2")
    get_settings.cache_clear()
    yield {"address": address}
    monkeypatch.undo()
    get_settings.cache_clear()
