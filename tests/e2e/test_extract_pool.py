"""The extraction pool: any concurrent.futures executor can run it, and each worker process sets
itself up (NER models included) once, not once per page."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
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


PRELOADED = """
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from flows.extract import start_forkserver
from flows.models import load_nlp
from flows.settings import get_settings


def info():
    return tuple(load_nlp.cache_info())  # (hits, misses, maxsize, currsize)


if __name__ == "__main__":
    s = get_settings()
    start_forkserver(s.ner_files)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        before = pool.submit(info).result()
        pool.submit(load_nlp, *s.ner_files).result()
        after = pool.submit(info).result()
    print(before[3], after[0] - before[0], after[1] - before[1])
"""


def test_the_command_line_preloads_what_the_workers_load(tmp_path: Path) -> None:
    # the forkserver's cache only helps when the command line names the models exactly as the
    # pool's config does (same strings): any difference would silently load them twice
    s = get_settings()
    assert s.ner_files is not None
    assert worker_config(s, RawStore(tmp_path)).ner_files == s.ner_files


def test_workers_fork_with_the_models_the_forkserver_loaded(tmp_path: Path) -> None:
    # A fresh interpreter: this test process's forkserver may already run without the models.
    script = tmp_path / "preloaded.py"
    script.write_text(PRELOADED)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2], timeout=300)
    cached, hits, misses = map(int, out.stdout.split())
    assert (cached, hits, misses) == (1, 1, 0)  # the worker found the models loaded, loaded nothing
