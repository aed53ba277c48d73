"""The extraction pool: any concurrent.futures executor can run it, and each worker process sets
itself up (NER models included) once, not once per page."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from flows.extract import Extractor, PageJob, worker_loads
from flows.io.rawstore import RawStore
from flows.pipeline import worker_config
from flows.settings import get_settings

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "sample"


def test_a_handed_in_pool_loads_the_models_once_per_process(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    now = datetime.now(UTC)
    pages = sorted(SAMPLE.glob("*.html"))
    jobs = [PageJob(p.as_uri(), p.as_uri(), store.put(p.read_bytes()), "text/html", None, now, "sample", None)
            for p in pages] * 3
    config = worker_config(get_settings(), store)
    # no initializer: the pool knows nothing of the extractor, as a Dask client's executor would not
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("forkserver")) as pool:
        with Extractor(config, workers=2, executor=pool) as ex:
            results = ex.run(jobs)
        answers = {pool.submit(worker_loads).result() for _ in range(8)}
    assert len(results) == len(jobs)
    assert not [r.reject for r in results if r.reject and r.reject.reason == "extractor_error"]
    assert sum(1 for r in results if r.article) >= 2 * len(pages)
    assert answers and all(loads == 1 for _, loads in answers)
    assert any(r.article and r.entities for r in results)  # the models did run
