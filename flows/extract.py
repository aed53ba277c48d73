"""Running the pure per-page extraction on every core, within the per-page budgets.

`run_job(config, job)` is the whole work of one page on any executor: the process sets itself up
once per configuration (NER models included), reads the raw page and extracts it; the text caps
of the page budget (transforms/page/budget.py) apply inside it, so they hold wherever it runs.

`Extractor` runs jobs for one pipeline. By default on its own worker processes (flows/pool.py),
which add what only a supervisor can: a wall-time limit per page, a memory ceiling per worker,
pages retried when their worker dies, workers recycled. Even a one-page run uses a worker, so
untrusted pages never run unbounded in the process that holds the database, and that process
never loads the NER models. `mode="serial"` runs in-process (trusted pages: tests, the sample
database); anything with the concurrent.futures Executor interface (a Dask cluster's
`client.get_executor()`) can take the work instead, see `Extractor(executor=...)`.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from flows.io.rawstore import RawStore
from flows.pool import PoolLimits, WorkerPool
from transforms.page import ExtractOptions, Nlp, PageInput, PageResult, Reject, extract_page

# What the forkserver imports once, so that every worker it forks starts with them imported;
# flows.worker_preload also loads the NER models (see MODELS_ENV).
PRELOAD = ["transforms.page.extract", "flows.extract", "flows.models", "spacy", "flows.worker_preload"]
# Not a setting: how the models to preload reach the forkserver, which sees only module names and
# the environment it was started with.
MODELS_ENV = "NEWS_ETL_FORKSERVER_MODELS"

NerFiles = tuple[str, str, str]  # German model, English model, gazetteer CSV: what load_nlp loads


def _forkserver(models: NerFiles | None = None) -> multiprocessing.context.ForkServerContext:
    # forkserver, not fork: the parent runs Prefect's threads, and forking a threaded process can
    # deadlock on locks those threads hold.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    if models is not None:  # read when the forkserver starts; once it runs, this changes nothing
        os.environ[MODELS_ENV] = json.dumps(models)
    return ctx


def start_forkserver(models: NerFiles | None = None) -> None:
    """Start the workers' forkserver now, in the background, so its imports (spaCy and the page
    code) and the loading of `models` (seconds of CPU) overlap the caller's own start-up; the
    command line calls this while Prefect's API comes up. The pool later forks its workers from
    this same server, so each starts with the models loaded and shares their memory pages."""
    _forkserver(models)
    threading.Thread(target=multiprocessing.forkserver.ensure_running, name="news-etl-forkserver",
                     daemon=True).start()


@dataclass(frozen=True)
class PageJob:
    url: str
    final_url: str
    sha256: str
    content_type: str | None
    charset: str | None
    fetched_at: datetime
    source: str | None
    language: str | None


@dataclass(frozen=True)
class WorkerConfig:
    raw_root: str
    options: ExtractOptions
    ner_model_de: str = ""  # empty: no model for that language (rules only)
    ner_model_en: str = ""
    gazetteer_csv: str = ""
    limits: PoolLimits = PoolLimits()  # wall time, memory and recycling of the worker processes

    @property
    def ner_files(self) -> NerFiles | None:
        """What the NER step loads; None when the run does structure only."""
        return (self.ner_model_de, self.ner_model_en, self.gazetteer_csv) if self.options.semantics else None


_worker: WorkerConfig | None = None
_store: RawStore | None = None
_nlp: Nlp | None = None
_loads = 0  # how often this process set itself up (models included): once, whatever the executor


def setup_process(config: WorkerConfig) -> None:
    """Set this process up for `config`: the raw store and the NER models (once)."""
    global _worker, _store, _nlp, _loads
    from flows.models import load_nlp

    _store = RawStore(Path(config.raw_root))
    # a worker forked by a forkserver that preloaded these files finds them in load_nlp's cache
    _nlp = load_nlp(*config.ner_files) if config.ner_files is not None else None
    _worker = config
    _loads += 1


def run_job(config: WorkerConfig, job: PageJob) -> PageResult:
    """One page on any executor: a process that has not seen this configuration yet (a pool
    worker, a Dask worker) sets itself up first, once. Never raises for a bad page."""
    if _worker != config:
        setup_process(config)
    assert _store is not None
    try:
        data = _store.get(job.sha256)
    except (OSError, EOFError) as exc:
        return PageResult(job.url, reject=Reject("extract", "raw_missing", f"raw page {job.sha256}: {exc}"))
    page = PageInput(job.url, job.final_url, data, job.content_type, job.charset, job.fetched_at,
                     job.source, job.language)
    try:
        return extract_page(page, config.options, _nlp)
    except MemoryError:
        # the address-space cap of a pool worker (flows/pool.py), or a real shortage
        return PageResult(job.url, reject=Reject("extract", "worker_memory", "out of memory extracting the page"))
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop the run
        return PageResult(job.url, reject=Reject("extract", "extractor_error", f"{type(exc).__name__}: {exc}"[:500]))


_run_job_with = run_job  # the name handed-in executors used before


def worker_loads() -> tuple[int, int]:
    """(process id, how many times this process set itself up), for tests and diagnostics."""
    return os.getpid(), _loads


def _url(job: PageJob) -> str:
    return job.url


class Extractor:
    """Runs extraction jobs for one pipeline. Use as a context manager: the exit ends the workers."""

    def __init__(self, config: WorkerConfig, workers: int, mode: str = "process",
                 executor: Executor | None = None, log=None):
        self.config = config
        self.workers = max(1, workers)
        self.mode = mode
        self._executor = executor
        self._pool: WorkerPool | None = None
        self._log = log

    def __enter__(self) -> Extractor:
        if self.mode != "serial" and self._executor is None:
            self._own_pool().warm()  # models load in a worker while the run discovers and fetches
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _own_pool(self) -> WorkerPool:
        if self._pool is None:
            self._pool = WorkerPool(_forkserver(self.config.ner_files), self.workers, setup_process, run_job,
                                    self.config, _url, self.config.limits, self._log)
        return self._pool

    def run(self, jobs: Sequence[PageJob]) -> list[PageResult]:
        if not jobs:
            return []
        if self._executor is not None:
            chunksize = max(1, len(jobs) // (self.workers * 8))
            return list(self._executor.map(partial(run_job, self.config), jobs, chunksize=chunksize))
        if self.mode == "serial":
            return [run_job(self.config, j) for j in jobs]
        return self._own_pool().map(jobs)

    @property
    def stats(self) -> dict[str, int]:
        """Worker events so far: started, recycled, crashed, timeout, worker_memory."""
        return dict(self._pool.stats) if self._pool is not None else {}

