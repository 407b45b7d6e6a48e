"""Coder throughput against spaCy's parse alone, in the same process.

    .venv/bin/python bench/bench_coder.py [--mb 2] [--workers 1] [--coder hybrid] [--json out.json]
    .venv/bin/python bench/bench_coder.py --jsonl news.jsonl --mb 1   # real text

Generates a synthetic corpus (bench/corpus.py) of at least --mb megabytes, then times
1. parse only: spaCy's own pipeline of the same model (`spacy.load(model).pipe`, same
   texts, batch size and process count): what a user of spaCy alone would run;
2. tacitus's parse alone: its pipeline of that model (`tacitus.nlp.load_model`: the
   tokenizer's fixes for scraped text, paragraph starts, the indexed attribute ruler);
3. tacitus: the full pipeline (parse + events, actors, time, places, quantities, codes).
Prints words/s, docs/s, events and the ratio tacitus / parse-only (target >= 0.75; >= 0.7
for the hybrid coder), the same ratio in CPU seconds of the process (`ratio_cpu`: steadier
on a shared machine), the ratio to tacitus's own parse (`ratio_cpu_own_parse`: what the
coder itself costs), the peak RSS while tacitus codes (which includes spaCy's own pipeline,
resident beside it for step 1: `reference_rss_mb`), and the seconds to load the pipeline and code a first
sentence (for learned/hybrid this includes loading the sentence encoder).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate

from tacitus.config import Settings
from tacitus.nlp import prepare_text
from tacitus.pipeline import Pipeline
from tacitus.records import Document


def build_corpus(megabytes: float, seed: int = 7) -> list[Document]:
    docs, size = [], 0
    for item in generate(10**7, seed):
        docs.append(Document(doc_id=item["id"], text=item["text"], published=item["published"]))
        size += len(item["text"].encode("utf-8"))
        if size >= megabytes * 1_000_000:
            break
    return docs


def read_corpus(path: Path, megabytes: float) -> list[Document]:
    """Real text: the `text` of each JSONL record, cycled until `megabytes` are reached
    (so a small set of real news items still gives a stable timing)."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    docs, size, round_ = [], 0, 0
    while size < megabytes * 1_000_000 and records:
        for r in records:
            text = r["text"]
            docs.append(Document(doc_id=f"{r.get('id', r.get('doc_id'))}-{round_}", text=text))
            size += len(text.encode("utf-8"))
        round_ += 1
    return docs


def time_parse(nlp, docs: list[Document], workers: int, batch_size: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process)."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((prepare_text(d.text) for d in docs), n_process=workers,
                      batch_size=batch_size):
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def time_code(pipeline: Pipeline, docs: list[Document]) -> tuple[float, float, int]:
    start, cpu = time.perf_counter(), time.process_time()
    n_events = sum(len(outcome.events) for outcome in pipeline.code(docs))
    return time.perf_counter() - start, time.process_time() - cpu, n_events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=2.0, help="corpus size in MB (>= 2 for the report)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--repeat", type=int, default=2, help="alternating runs of each side")
    ap.add_argument("--coder", help="coder to time (default: the settings' coder, rules)")
    ap.add_argument("--jsonl", type=Path, help="real text: JSONL records with a 'text' field "
                    "(cycled up to --mb) instead of the synthetic corpus")
    args = ap.parse_args()

    docs = read_corpus(args.jsonl, args.mb) if args.jsonl else build_corpus(args.mb)
    words = sum(len(d.text.split()) for d in docs)
    megabytes = sum(len(d.text.encode()) for d in docs) / 1e6
    started = time.perf_counter()
    pipeline = Pipeline(Settings.load(n_process=args.workers, coder=args.coder))
    pipeline.code_text("Warm-up: police arrested 3 people in Minsk on Sunday.")  # load KBs once
    warm = getattr(pipeline.coder, "warm", None)     # encoders a warm-up text may not need
    if warm is not None:
        warm()
    load_s = time.perf_counter() - started
    import spacy  # here, after tacitus: spaCy imported first would import torch (torchless)

    before = _rss_mb()
    reference = spacy.load(pipeline.settings.model)       # spaCy's own, as it ships
    reference_mb = _rss_mb() - before

    # Alternate the measurements and keep each one's best run, so that load from other
    # processes on the machine hits every side alike.
    parse_runs, code_runs, parse_cpu, code_cpu, own_cpu, peaks = [], [], [], [], [], []
    batch = pipeline.settings.batch_size
    for _ in range(args.repeat):
        seconds, cpu = time_parse(reference, docs, args.workers, batch)
        parse_runs.append(seconds)
        parse_cpu.append(cpu)
        own_cpu.append(time_parse(pipeline.nlp, docs, args.workers, batch)[1])
        _reset_peak()
        seconds, cpu, n_events = time_code(pipeline, docs)
        peaks.append(_peak_mb())
        code_runs.append(seconds)
        code_cpu.append(cpu)
    parse_s, code_s = min(parse_runs), min(code_runs)
    figures = {
        "corpus": str(args.jsonl) if args.jsonl else "synthetic",
        "docs": len(docs), "words": words, "megabytes": round(megabytes, 2),
        "workers": args.workers, "model": pipeline.settings.model, "repeat": args.repeat,
        "coder": pipeline.coder.version, "load_and_first_sentence_s": round(load_s, 2),
        "parse_runs_s": [round(x, 2) for x in parse_runs],
        "tacitus_runs_s": [round(x, 2) for x in code_runs],
        "parse_only_s": round(parse_s, 2), "tacitus_s": round(code_s, 2),
        "parse_only_words_per_s": round(words / parse_s), "tacitus_words_per_s": round(words / code_s),
        "parse_only_docs_per_s": round(len(docs) / parse_s, 1),
        "tacitus_docs_per_s": round(len(docs) / code_s, 1),
        "events": n_events, "ratio_tacitus_to_parse": round(parse_s / code_s, 3),
        # CPU seconds of this process: steadier than wall time on a shared machine, where
        # other jobs take the cores (meaningful with --workers 1 only)
        "parse_only_cpu_s": round(min(parse_cpu), 2), "tacitus_cpu_s": round(min(code_cpu), 2),
        "ratio_cpu": round(min(parse_cpu) / min(code_cpu), 3),
        "own_parse_cpu_s": round(min(own_cpu), 2),
        "ratio_cpu_own_parse": round(min(own_cpu) / min(code_cpu), 3),
        "peak_rss_mb": round(max(peaks)),
        "reference_rss_mb": round(reference_mb),
    }
    for key, value in figures.items():
        print(f"{key:>26}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


def _reset_peak() -> None:
    """Start the kernel's count of this process's peak resident memory afresh (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _peak_mb() -> float:
    """Peak resident memory since `_reset_peak` (VmHWM; the process's peak elsewhere)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Resident memory of this process now (Linux), in MB; 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return 0.0


if __name__ == "__main__":
    main()
