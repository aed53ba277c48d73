"""`make bench [PAGES=N]`: throughput, start-up and memory of the pipeline against a bare trafilatura
loop, on the same pages, in one invocation.

Pages: the dev corpus (../shared/corpus/dev) when present, else the bundled sample pages, copied
under distinct names up to N pages, so every copy becomes its own article (its file URL is its
canonical URL). Copies repeat the same text, so the NER models' vocabularies stop growing once
every distinct page was read: a run over N real pages can grow more.

Each measured run is its own process (a `--child` of this module), so models, caches and peak
memory never carry over from one measurement to the next:
- the bare loop: `trafilatura.bare_extraction` over every page, one process per core;
- the pipeline with NEWS_NER=false (structure only) and with the defaults (entities, quotes): the
  nightly flow over the pages' folder, in-process as `news-etl run` runs it;
- a one-page `news-etl run`, wall clock including Prefect and model start-up, once with the run's
  own temporary Prefect API and once against an API already running (as under `make serve`);
- CPU per stage of `extract_page` over the first distinct pages (timers around each stage).
"Per core" rates divide by the worker count; CPU rates count the CPU seconds of the flow process
and its workers (start-up included), which is what a shared, noisy machine measures best.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flows import prefect_api
from flows.settings import PROJECT_ROOT

DEV_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "dev"
SAMPLE = PROJECT_ROOT / "seeds" / "sample"


def build_pages(n: int, out: Path, corpus: Path = DEV_CORPUS) -> tuple[list[Path], str]:
    if corpus.is_dir() and any(corpus.glob("*.html.gz")):
        originals, origin = sorted(corpus.glob("*.html.gz")), "dev corpus"
    else:
        originals, origin = sorted(SAMPLE.glob("*.html")), "sample pages"
    pages = []
    for i in range(n):
        src = originals[i % len(originals)]
        dst = out / f"{i:06d}-{src.name}"
        shutil.copyfile(src, dst)
        pages.append(dst)
    return pages, f"{origin} ({len(originals)} distinct)"


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def _bare(path: str) -> int:
    import trafilatura

    doc = trafilatura.bare_extraction(_read(Path(path)).decode("utf-8", errors="replace"), with_metadata=True,
                                      include_comments=False, include_tables=False)
    return len(doc.text or "") if doc is not None and not isinstance(doc, dict) else 0


def _cpu_and_rss() -> dict[str, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_self": me.ru_utime + me.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime,
            "rss_self_mb": me.ru_maxrss / 1024, "rss_children_mb": kids.ru_maxrss / 1024}


def _processes() -> dict[int, tuple[int, int, float, str]]:
    """Every process: pid -> (parent pid, CPU clock ticks so far, RSS in MB, command line), from /proc."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            out[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]),
                                          int(fields[21]) * resource.getpagesize() / 2**20, cmd)
        except (OSError, IndexError, ValueError):
            continue
    return out


class RssSampler(threading.Thread):
    """Samples, once a second, this process's RSS and that of its largest extraction worker, and
    the CPU of everything it started. The pool's workers are the forkserver's children, not this
    process's, so `getrusage(RUSAGE_CHILDREN)` never sees them: their CPU is the last value seen for
    each descendant (at most a second of a recycled worker's work is missed)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float, float]] = []
        self.cpu_ticks: dict[int, int] = {}
        self._halt = threading.Event()

    def _sample(self, t0: float, me: int) -> None:
        procs = _processes()
        family, workers = {me}, []
        for pid in sorted(procs):  # parents have lower pids, except after pid wrap-around (rare, harmless)
            parent, ticks, rss, cmd = procs[pid]
            if parent in family:
                family.add(pid)
                self.cpu_ticks[pid] = ticks
                if parent != me and "prefect.server" not in cmd:  # a worker, forked by the forkserver
                    workers.append(rss)
        rss_self = int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() / 2**20
        self.samples.append((time.perf_counter() - t0, rss_self, max(workers, default=0.0)))

    def run(self) -> None:
        t0, me = time.perf_counter(), os.getpid()
        while not self._halt.wait(1.0):
            self._sample(t0, me)

    def stop(self) -> dict:
        """The samples and totals: rss_timeline, cpu_descendants (s), rss_workers_mb (peak)."""
        self._halt.set()
        self.join()
        return {"rss_timeline": self.samples,
                "cpu_descendants": sum(self.cpu_ticks.values()) / os.sysconf("SC_CLK_TCK"),
                "rss_workers_mb": max((w for _, _, w in self.samples), default=0.0)}


def child_bare(pages_dir: Path, workers: int) -> dict:
    pages = sorted(str(p) for p in pages_dir.iterdir())
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_bare, pages, chunksize=max(1, len(pages) // (workers * 8))))
    return {"pages": len(pages), "wall_s": time.perf_counter() - t0, **_cpu_and_rss()}


def child_pipeline(pages_dir: Path, db: Path) -> dict:
    sampler = RssSampler()
    sampler.start()
    from flows.nightly import nightly

    summary = nightly(sources=[str(pages_dir)], db_path=str(db))
    sampled = sampler.stop()
    out = {"pages": sum(1 for _ in pages_dir.iterdir()), "wall_s": summary["duration_s"],
           "articles": summary.get("articles", 0), "rejects": summary.get("rejects", 0), **_cpu_and_rss()}
    # the workers and the forkserver are not this process's children: count them as sampled
    out.update(rss_timeline=sampled["rss_timeline"], rss_children_mb=sampled["rss_workers_mb"],
               cpu_children=max(out["cpu_children"], sampled["cpu_descendants"]))
    return out


# (module, attribute) -> stage: the calls extract_page makes, timed in CPU seconds. Timers around
# these calls cost nothing measurable; cProfile's per-call overhead inflates the Python-heavy stages
# (rules, structure) against the C-heavy ones (spaCy, lxml), so it only finds hot spots.
STAGES = [
    ("transforms.page.extract", "decode_html", "decode"),
    ("transforms.page.extract", "parse_page", "parse + trafilatura"),
    ("transforms.page.extract", "extract_metadata", "metadata"),
    ("transforms.page.extract", "visible_text", "page text (kind)"),
    ("transforms.page.extract", "analyze_structure", "structure (blocks, captions)"),
    ("transforms.entities.model:SpacyNer", "mentions", "NER model (spaCy)"),
    ("transforms.page.extract", "analyze_entities", "entity rules"),
    ("transforms.page.extract", "extract_quotes", "quotes"),
]
PARTS = [  # inside the stages above, shown indented
    ("transforms.page.parse", "load_html", "lxml parse (the one parse)"),
    ("trafilatura", "bare_extraction", "trafilatura.bare_extraction"),
    ("transforms.page.trafmeta", "_metadata", "trafilatura's metadata steps"),
]


def _time_calls(spec: list[tuple[str, str, str]], acc: dict[str, float]) -> None:
    """Replace each function with one that adds its CPU seconds to acc[stage] (in the bench's own
    child process only)."""
    import importlib

    for where, name, stage in spec:
        module, _, cls = where.partition(":")  # "module" or "module:Class"
        owner = importlib.import_module(module)
        owner = getattr(owner, cls) if cls else owner
        fn = getattr(owner, name)

        def timed(*args, _fn=fn, _stage=stage, **kwargs):
            t0 = time.process_time()
            try:
                return _fn(*args, **kwargs)
            finally:
                acc[_stage] = acc.get(_stage, 0.0) + time.process_time() - t0
        setattr(owner, name, timed)


def child_profile(pages_dir: Path, n: int) -> dict:
    """CPU ms per page and stage over the first n distinct pages, in one process."""
    from datetime import UTC, datetime

    from flows.io.rawstore import RawStore
    from flows.models import load_nlp
    from flows.pipeline import worker_config
    from flows.settings import get_settings
    from transforms.page import PageInput, extract_page

    s = get_settings()
    config = worker_config(s, RawStore(Path(tempfile.gettempdir())))
    nlp = load_nlp(config.ner_model_de, config.ner_model_en, config.gazetteer_csv) if s.ner else None
    seen: set[str] = set()
    inputs: list[PageInput] = []
    for p in sorted(pages_dir.iterdir()):
        name = p.name.split("-", 1)[1]
        if name not in seen and len(inputs) < n:
            seen.add(name)
            inputs.append(PageInput(p.as_uri(), p.as_uri(), _read(p), "text/html", None, datetime.now(UTC)))
    extract_page(inputs[0], config.options, nlp)  # first-call set-up (trafilatura, spaCy) is not per page
    acc: dict[str, float] = {}
    _time_calls(STAGES + PARTS, acc)
    t0 = time.process_time()
    words = sum((extract_page(page, config.options, nlp).article or {}).get("word_count") or 0 for page in inputs)
    acc["whole page"] = time.process_time() - t0
    return {"pages": len(inputs), "words": words // len(inputs),
            "stages": {k: v * 1000 / len(inputs) for k, v in acc.items()}}


def run_child(kind: str, pages_dir: Path, tmp: Path, env: dict[str, str] | None = None, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "flows.bench", "--child", kind, "--dir", str(pages_dir), "--tmp", str(tmp), *extra]
    out = subprocess.run(cmd, env={**os.environ, **(env or {})}, capture_output=True, text=True, cwd=PROJECT_ROOT)
    if out.returncode != 0:
        raise SystemExit(f"bench: {kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_page_run(page: Path, tmp: Path, api_url: str | None = None) -> tuple[float, float | None]:
    """Wall seconds of `news-etl run` on one page, and the flow's own duration from its summary;
    with `api_url`, against that running Prefect API (as under `make serve`) instead of its own."""
    env = {**os.environ, **({"PREFECT_API_URL": api_url} if api_url else {})}
    t0 = time.perf_counter()
    out = subprocess.run([str(Path(sys.executable).with_name("news-etl")), "run", "--source", str(page),
                          "--db", str(tmp / f"one-{time.time_ns()}.duckdb")], capture_output=True, text=True,
                         cwd=PROJECT_ROOT, env=env)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"bench: one-page run failed:\n{out.stderr[-3000:]}")
    m = re.search(r"([\d.]+)s -> ", out.stdout)
    return wall, float(m.group(1)) if m else None


def _rate(r: dict, workers: int) -> tuple[float, float, float]:
    """pages/s (wall), pages/s per core (wall / workers), pages per CPU second (flow + workers)."""
    wall = r["pages"] / r["wall_s"]
    return wall, wall / workers, r["pages"] / max(1e-9, r["cpu_self"] + r["cpu_children"])


def _timeline(samples: list) -> str:
    if not samples:
        return "n/a"
    picks = [samples[min(len(samples) - 1, int(len(samples) * q))] for q in (0.1, 0.25, 0.5, 0.75, 1.0)]
    return ", ".join(f"{t:.0f}s {p:.0f}/{c:.0f}" for t, p, c in picks)


def memory_report(n: int, full: dict) -> None:
    """`--memory`: is peak RSS flat over a long run? Peaks over the first tenth of the run (about the
    first n/10 pages: the rate is steady) against the whole run, for the flow process and the workers."""
    samples = full.get("rss_timeline", [])
    if not samples:
        print("bench: no memory samples")
        return
    head = samples[:max(1, len(samples) // 10)]
    print(f"bench --memory: {n} pages, full pipeline, {full['pages'] / full['wall_s']:.1f} pages/s, "
          f"{full['articles']} articles, {full['rejects']} rejects")
    for label, k in (("flow process", 1), ("largest worker", 2)):
        early, peak = max(x[k] for x in head), max(x[k] for x in samples)
        print(f"  {label:15s} peak over the first tenth {early:6.0f} MB, over the run {peak:6.0f} MB "
              f"({peak / max(early, 1e-9) - 1:+.0%})")
    print(f"  RSS over the run (MB, flow/largest live worker): {_timeline(samples)}")
    tenths = [samples[min(len(samples) - 1, len(samples) * q // 10)] for q in range(1, 11)]
    print("  flow process RSS by tenth of the run (MB): " + ", ".join(f"{p:.0f}" for _, p, _ in tenths))


def report(n: int, origin: str, workers: int, bare: dict, light: dict, full: dict,
           one: tuple[tuple[float, float | None], ...], prof: dict) -> None:
    print(f"bench: {n} pages from the {origin}, {workers} worker(s)")
    rates: dict[str, tuple[float, float, float]] = {}
    for label, r in (("bare trafilatura loop", bare), ("pipeline, NEWS_NER=false", light), ("pipeline, full", full)):
        wall, per_core, cpu = rates[label] = _rate(r, workers)
        extra = f", {r['articles']} articles, {r['rejects']} rejects" if "articles" in r else ""
        print(f"  {label:26s} {wall:6.1f} pages/s, {per_core:5.1f} per core, {cpu:5.1f} per CPU second "
              f"({r['wall_s']:.1f} s{extra})")
    for label in ("pipeline, NEWS_NER=false", "pipeline, full"):
        b, x = rates["bare trafilatura loop"], rates[label]
        print(f"  ratio {label:20s} {x[1] / b[1]:5.2f} of the bare loop per core, {x[2] / b[2]:5.2f} per CPU second")
    for label, (wall, flow_s) in zip(("one-page news-etl run", "... with a running API"), one, strict=True):
        print(f"  {label:25s} {wall:6.1f} s wall"
              + (f", start-up {wall - flow_s:.1f} s (flow itself {flow_s:.1f} s)" if flow_s is not None else ""))
    print("  peak RSS (MB): flow process / largest worker")
    for label, r in (("bare loop", bare), ("NEWS_NER=false", light), ("full", full)):
        print(f"    {label:16s} {r['rss_self_mb']:6.0f} / {r['rss_children_mb']:.0f}")
    print(f"  RSS over the full run (MB, flow/largest live worker): {_timeline(full.get('rss_timeline', []))}")
    st = prof["stages"]
    whole = st.get("whole page", 0.0) or 1e-9
    print(f"  CPU per page and stage ({prof['pages']} distinct pages, one process, {prof['words']} words on average;"
          f" {whole:.0f} ms in all):")
    for _, _, stage in STAGES:
        if stage in st:
            print(f"    {stage:32s} {st[stage]:7.1f} ms  {st[stage] / whole:5.0%}")
    rest = whole - sum(st.get(stage, 0.0) for _, _, stage in STAGES)
    print(f"    {'other (rows, ids, language)':32s} {rest:7.1f} ms  {rest / whole:5.0%}")
    for _, _, stage in PARTS:
        if stage in st:
            print(f"      of which {stage:27s} {st[stage]:7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--pages", type=int, default=int(os.environ.get("BENCH_PAGES", 2000)))
    p.add_argument("--profile-pages", type=int, default=60)
    p.add_argument("--memory", action="store_true",
                   help="only the full pipeline, and whether its peak RSS stays flat (for long runs: PAGES=20000)")
    p.add_argument("--corpus", type=Path, default=DEV_CORPUS, help="folder of *.html.gz pages (default: dev corpus)")
    p.add_argument("--child", choices=["bare", "pipeline", "profile"], help=argparse.SUPPRESS)
    p.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    if os.environ.get("PREFECT_HOME"):  # `make` points it at data/prefect, which a fresh checkout lacks
        Path(os.environ["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    from flows.settings import get_settings

    workers = get_settings().workers
    if args.child:
        out = {"bare": lambda: child_bare(args.dir, workers),
               "pipeline": lambda: child_pipeline(args.dir, args.tmp / f"bench-{time.time_ns()}.duckdb"),
               "profile": lambda: child_profile(args.dir, args.profile_pages)}[args.child]()
        print(json.dumps(out))
        return 0
    with tempfile.TemporaryDirectory(prefix="news-bench-") as tmp_name:
        tmp = Path(tmp_name)
        pages_dir = tmp / "pages"
        pages_dir.mkdir()
        pages, origin = build_pages(args.pages, pages_dir, args.corpus)
        print(f"bench: {len(pages)} pages from the {origin}, {workers} worker(s); running ...", flush=True)
        if args.memory:
            memory_report(len(pages), run_child("pipeline", pages_dir, tmp))
            return 0
        bare = run_child("bare", pages_dir, tmp)
        light = run_child("pipeline", pages_dir, tmp, {"NEWS_NER": "false"})
        full = run_child("pipeline", pages_dir, tmp)
        one = one_page_run(pages[0], tmp)
        api = prefect_api.spawn()
        try:
            api.wait(180)
            one_api = one_page_run(pages[0], tmp, api.url)
        finally:
            api.stop()
        prof = run_child("profile", pages_dir, tmp, None, "--profile-pages", str(args.profile_pages))
    report(len(pages), origin, workers, bare, light, full, (one, one_api), prof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
