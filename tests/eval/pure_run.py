"""Extract local pages into a DuckDB file without Prefect or HTTP, for quick scoring while developing.

    .venv/bin/python -m tests.eval.pure_run OUT.duckdb PAGE_OR_DIR ...

Same extraction and load code as the flow (flows.extract, flows.load); only discover/fetch differ.
"""

from __future__ import annotations

import gzip
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flows.extract import Extractor, PageJob
from flows.io import db
from flows.io.rawstore import RawStore
from flows.load import load_results
from flows.pipeline import worker_config
from flows.settings import get_settings


def main(argv: list[str]) -> int:
    out, args = Path(argv[0]), argv[1:]
    paths = [p for a in args for p in (sorted(Path(a).glob("*.htm*")) if Path(a).is_dir() else [Path(a)])]
    settings = get_settings()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        store = RawStore(Path(tmp))
        jobs = []
        for p in paths:
            data = p.read_bytes()
            data = gzip.decompress(data) if p.suffix == ".gz" else data
            url = p.resolve().as_uri()
            jobs.append(PageJob(url, url, store.put(data), "text/html", None, now, "dev", None))
        t0 = time.perf_counter()
        with Extractor(worker_config(settings, store), settings.workers, settings.executor) as ex:
            results = ex.run(jobs)
        took = time.perf_counter() - t0
        out.unlink(missing_ok=True)
        con = db.connect(out)
        db.apply_schema(con, settings.sql_dir)
        counts = load_results(con, settings.sql_dir, [(r, {"sha256": j.sha256, "fetched_at": now, "source": "dev"})
                                                      for r, j in zip(results, jobs, strict=True)], "dev", now)
        con.close()
    print(f"{len(jobs)} pages in {took:.1f}s ({len(jobs) / took:.1f} pages/s): {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
