"""Ingest throughput, memory, overhead over the coder alone, and query latency.

    .venv/bin/python bench/bench_ingest.py [--sizes 1000,10000] [--workers 1,2]
                                           [--events 100000] [--json out.json]

For each corpus size N (bench/corpus.py articles) and each worker count it times, in a
fresh subprocess each (so model loading is included, as a user would see it):
  * `tacitus ingest corpus.jsonl --workers W` into SQLite, and into PostgreSQL when
    TACITUS_BENCH_PG_URL is set (that database is WIPED before each run: use a
    throwaway one); docs/s and peak memory (RSS of the process tree, sampled);
  * the coder alone on the same documents and process count (no store): the
    ingest/coder throughput ratio is the cost of storing (target >= 0.9). Because
    separate runs on a shared machine drift, the ratio is also measured in one warm
    process, alternating coder-only and ingest passes (smallest size only);
Then it stores --events synthetic events (Store.add, no coding) and times what
`tacitus events` runs for a few filter sets: the median of --repeat runs (target < 200 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate, write_jsonl

TACITUS = [sys.executable, "-m", "tacitus.cli.main"]
PG_ENV = "TACITUS_BENCH_PG_URL"


# -- running and measuring one subprocess ----------------------------------------------


def measure(command: list[str]) -> dict:
    """Wall time and peak RSS (MB) of a command and its children."""
    try:
        import psutil
    except ImportError:
        psutil = None
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    if psutil is not None:
        peak = _sample_tree(psutil, proc)
    out, errors = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors[-2000:]}")
    if not peak:  # largest single child so far (Linux: KB)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"seconds": wall, "peak_mb": peak, "stdout": out}


def _sample_tree(psutil, proc: subprocess.Popen) -> float:
    """Sum of RSS over the process and its children, sampled until it ends; the max."""
    peak = 0.0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.1)
    return peak


# -- the coder alone (run in a subprocess by this same script) ---------------------------


def code_only(corpus: Path, workers: int) -> None:
    """Code the corpus (no store) and print counts."""
    from tacitus.config import Settings
    from tacitus.ingest import read_inputs
    from tacitus.ingest.runner import code_here, code_in_pool

    docs = (d for d in read_inputs([str(corpus)]) if not hasattr(d, "message"))
    settings = Settings.load()
    coded = code_in_pool(docs, settings, workers) if workers > 1 else code_here(docs, settings)
    n_docs = n_events = 0
    for _document, events, _failure in coded:
        n_docs += 1
        n_events += len(events)
    print(json.dumps({"documents": n_docs, "events": n_events}))


def ratio_in_process(corpus: Path, url: str, repeat: int = 2) -> None:
    """In one warm process, alternately: the coder alone, then ingest() into an emptied
    store. Alternating cancels most of the drift of a shared machine's load."""
    from tacitus.config import Settings
    from tacitus.ingest import read_inputs
    from tacitus.ingest.runner import code_here, ingest
    from tacitus.store import Store

    docs = [d for d in read_inputs([str(corpus)]) if not hasattr(d, "message")]
    settings = Settings.load()
    list(code_here(docs[:2], settings))  # load the model first
    ratios = []
    for rep in range(repeat):
        started = time.perf_counter()
        for _ in code_here(docs, settings):
            pass
        code_s = time.perf_counter() - started
        target = _empty(url, rep)
        with Store(target) as store:
            store.init()
            started = time.perf_counter()
            ingest(docs, store, settings=settings)
            ingest_s = time.perf_counter() - started
        ratios.append(code_s / ingest_s)
    print(json.dumps({"ratios": ratios, "median": statistics.median(ratios)}))


def _empty(url: str, rep: int) -> str:
    if url.startswith("sqlite"):
        return f"{url}.{rep}"
    wipe_postgres(url)
    return url


def store_overhead(corpus: Path, folder: Path, tag: str) -> list[dict]:
    """ingest/coder throughput ratio measured in one warm process (see ratio_in_process)."""
    rows = []
    for backend, url in targets(folder, f"ratio-{tag}"):
        if url is None:
            continue
        run = measure([sys.executable, __file__, "--ratio-only", str(corpus), "--store-url", url])
        figures = json.loads(run["stdout"].strip().splitlines()[-1])
        rows.append({"backend": backend, **figures})
        runs = ", ".join(f"{r:.2f}" for r in figures["ratios"])
        print(f"  ingest/coder, same warm process, {backend:<10} median "
              f"{figures['median']:.2f} (runs {runs}; target >= 0.9)", flush=True)
    return rows


# -- databases -------------------------------------------------------------------------


def wipe_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from tacitus.store import normalize_url

    engine = create_engine(normalize_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def targets(folder: Path, tag: str) -> list[tuple[str, str | None]]:
    """(backend name, URL or None when skipped), each a fresh empty database."""
    pg = os.environ.get(PG_ENV)
    if pg:
        wipe_postgres(pg)
    return [("sqlite", f"sqlite:///{folder / f'{tag}.db'}"), ("postgresql", pg)]


def bench_ingest(size: int, workers_list: list[int], folder: Path) -> list[dict]:
    corpus = folder / f"corpus-{size}.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        write_jsonl(generate(size, seed=7), fh)
    rows = []
    for workers in workers_list:
        coder = measure([sys.executable, __file__, "--code-only", str(corpus),
                         "--workers", str(workers)])
        coder_rate = size / coder["seconds"]
        rows.append({"n": size, "workers": workers, "what": "coder alone",
                     "docs_per_s": coder_rate, "peak_mb": coder["peak_mb"]})
        _print_row(rows[-1])
        for backend, url in targets(folder, f"ingest-{size}-{workers}"):
            if url is None:
                rows.append({"n": size, "workers": workers, "what": f"ingest {backend}",
                             "skipped": f"set {PG_ENV}"})
                _print_row(rows[-1])
                continue
            run = measure([*TACITUS, "ingest", str(corpus), "--db", url, "--workers",
                           str(workers), "--quiet", "--json"])
            summary = json.loads(run["stdout"].strip().splitlines()[-1])
            rate = size / run["seconds"]
            rows.append({"n": size, "workers": workers, "what": f"ingest {backend}",
                         "docs_per_s": rate, "peak_mb": run["peak_mb"],
                         "events": summary["events"], "ratio_to_coder": rate / coder_rate})
            _print_row(rows[-1])
    return rows


def _print_row(row: dict) -> None:
    if "skipped" in row:
        print(f"  N={row['n']:>6} workers={row['workers']} {row['what']:<18} skipped "
              f"({row['skipped']})", flush=True)
        return
    ratio = f" ratio {row['ratio_to_coder']:.2f}" if "ratio_to_coder" in row else ""
    print(f"  N={row['n']:>6} workers={row['workers']} {row['what']:<18} "
          f"{row['docs_per_s']:7.1f} docs/s  peak {row['peak_mb']:6.0f} MB{ratio}", flush=True)


# -- query latency on many stored events ---------------------------------------------------


def fill_store(store, n_events: int, per_document: int = 50, seed: int = 3) -> None:
    """Synthetic events, stored directly (no coding): realistic columns, random values."""
    from tacitus.records import EVENT_TYPES, Actor, Document, Event, Evidence

    rng = random.Random(seed)
    countries = ["BLR", "RUS", "USA", "UKR", "POL", "CHN", "IND", "NGA", "KEN", "FRA",
                 "DEU", "TUR", "BRA", "MEX", "EGY", "JPN", "PAK", "IRN", "ISR", "GBR"]
    start = date(2019, 1, 1)
    for doc_index in range(0, n_events, per_document):
        doc = Document(doc_id=f"synthetic-{doc_index}", text=f"synthetic document {doc_index}")
        events = []
        for i in range(min(per_document, n_events - doc_index)):
            source, target = rng.choice(countries), rng.choice(countries)
            kind = rng.choice(EVENT_TYPES)
            sentence = f"{source} and {target} reported a {kind.lower()} event number {i}."
            events.append(Event(
                event_id=f"{doc.doc_id}#{i}:{kind}", doc_id=doc.doc_id, event_type=kind,
                date=start + timedelta(days=rng.randrange(1460)),
                source=Actor(text=source, country=source, code=source),
                target=Actor(text=target, country=target, code=target),
                evidence=Evidence(sentence=sentence, start=0, end=len(sentence),
                                  trigger="reported")))
        store.add(doc, events)


QUERIES = {
    "type+country+since": {"event_type": "PROTEST", "country": "BLR", "since": "2020-08-01"},
    "dyad": {"dyad": ("RUS", "USA")},
    "type+target+dates": {"event_type": "ASSAULT", "target_country": "UKR",
                          "since": "2021-01-01", "until": "2021-12-31"},
    "text": {"text": "protest event number 7"},
    "no filter": {},
}


def bench_queries(url: str, n_events: int, repeat: int) -> list[dict]:
    from tacitus.store import Store

    store = Store(url)
    started = time.perf_counter()
    fill_store(store, n_events)
    print(f"  stored {n_events} synthetic events in {time.perf_counter() - started:.1f} s",
          flush=True)
    rows = []
    for name, filters in QUERIES.items():
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            store.events(limit=100, **filters)   # what `tacitus events` runs: one page ...
            store.count_events(**filters)        # ... and the number of matches
            times.append((time.perf_counter() - t0) * 1000)
        rows.append({"query": name, "median_ms": statistics.median(times),
                     "matches": store.count_events(**filters)})
        print(f"  {name:<20} median {rows[-1]['median_ms']:7.1f} ms "
              f"({rows[-1]['matches']} matches)", flush=True)
    store.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    ap.add_argument("--workers", default="1,2", help="process counts, comma-separated")
    ap.add_argument("--events", type=int, default=100_000, help="stored events for queries")
    ap.add_argument("--repeat", type=int, default=15, help="runs per query (median)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--code-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ratio-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--store-url", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.code_only:
        code_only(args.code_only, int(args.workers))
        return
    if args.ratio_only:
        ratio_in_process(args.ratio_only, args.store_url)
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    workers = [int(w) for w in args.workers.split(",") if w]
    report: dict = {"ingest": [], "ratio_in_process": [], "queries": {}}
    with tempfile.TemporaryDirectory(prefix="tacitus-bench-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            print(f"ingest, N={size}", flush=True)
            report["ingest"].extend(bench_ingest(size, workers, folder))
            if size == min(sizes):
                corpus = folder / f"corpus-{size}.jsonl"
                report["ratio_in_process"] = store_overhead(corpus, folder, str(size))
        _print_growth(report["ingest"], sizes)
        print(f"query latency, {args.events} stored events (target < 200 ms)", flush=True)
        for backend, url in targets(folder, "queries"):
            if url is None:
                print(f"  {backend}: skipped (set {PG_ENV})")
                continue
            print(f" {backend}", flush=True)
            report["queries"][backend] = bench_queries(url, args.events, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def _print_growth(rows: list[dict], sizes: list[int]) -> None:
    """How cost grows with N: seconds per document at each size, and the marginal rate
    between the smallest and the largest size (startup costs cancel out)."""
    if len(sizes) < 2:
        return
    small, large = min(sizes), max(sizes)
    print(f"growth from N={small} to N={large}:")
    for row in rows:
        if row["n"] != large or "docs_per_s" not in row:
            continue
        twin = next((r for r in rows if r["n"] == small and r["what"] == row["what"]
                     and r["workers"] == row["workers"] and "docs_per_s" in r), None)
        if twin is None:
            continue
        t_small, t_large = small / twin["docs_per_s"], large / row["docs_per_s"]
        if t_large > t_small:
            row["marginal_docs_per_s"] = (large - small) / (t_large - t_small)
            marginal = f"{row['marginal_docs_per_s']:.1f} docs/s"
        else:  # the larger run took less time: the machine's load changed in between
            marginal = "n/a (noisy machine)"
        print(f"  workers={row['workers']} {row['what']:<18} s/doc {t_small / small:.3f} -> "
              f"{t_large / large:.3f}; marginal {marginal}")

if __name__ == "__main__":
    main()
