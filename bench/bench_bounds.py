"""Time and memory of coding one huge input against ordinary news of the same size.

    .venv/bin/python bench/bench_bounds.py [--mb 0.25 0.5 1] [--json out.json] [--main SRC]

For each size, three inputs built from the synthetic corpus (bench/corpus.py):
- news:    many ordinary articles adding up to the size;
- oneline: the same text joined into ONE document with no line break at all;
- nobreak: one document of words with no full stop and no line break either.
Each is coded in a fresh process (`tacitus.pipeline.Pipeline`, after a warm-up text so
knowledge-base loading is not counted) and reports wall and CPU seconds and peak RSS.
Printed: seconds per MB at each size (flat = linear time), the ratio oneline/news and
nobreak/news in CPU seconds (target <= 10), and peak RSS (target <= 1 GB). `--main SRC`
also runs the inputs with another checkout's src/ (e.g. /work/main/src) for a before/after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate

CHILD = r"""
import json, resource, sys, time
from tacitus.pipeline import Pipeline
from tacitus.records import Document
kind, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
docs = ([Document.from_text(t) for t in text.split("\n\n\n")] if kind == "news"
        else [Document.from_text(text)])
pipeline = Pipeline()
list(pipeline.code([Document.from_text("Police arrested 3 people in Minsk on Sunday.")]))
start, cpu = time.perf_counter(), time.process_time()
outcomes = list(pipeline.code(docs))
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
events = [o.events if hasattr(o, "events") else o[1] for o in outcomes]  # older: tuples
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "events": sum(len(e) for e in events),
                  "failures": sum(1 for o in outcomes if getattr(o, "failure", None)),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def news_texts(size: int) -> list[str]:
    texts, total = [], 0
    for item in generate(10**7, 11):
        texts.append(item["text"])
        total += len(item["text"])
        if total >= size:
            return texts
    return texts


def build_inputs(megabytes: float, folder: Path) -> dict[str, Path]:
    size = int(megabytes * 1_000_000)
    texts = news_texts(size)
    paths = {"news": folder / f"news-{megabytes}.txt", "oneline": folder / f"oneline-{megabytes}.txt",
             "nobreak": folder / f"nobreak-{megabytes}.txt"}
    paths["news"].write_text("\n\n\n".join(texts), encoding="utf-8")
    paths["oneline"].write_text(" ".join(" ".join(t.split()) for t in texts)[:size], encoding="utf-8")
    rng = random.Random(5)
    words = " ".join(texts).replace(".", " ").split()
    line = " ".join(rng.choice(words) for _ in range(size // 6))
    paths["nobreak"].write_text(line[:size], encoding="utf-8")
    return paths


def run(kind: str, path: Path, src: str) -> dict:
    env = {**os.environ, "PYTHONPATH": src}
    proc = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], env=env,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "?"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    ap.add_argument("--main", help="another src/ folder to measure the same inputs with")
    ap.add_argument("--kinds", nargs="+", default=["news", "oneline", "nobreak"])
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            paths = build_inputs(mb, Path(tmp))
            for label, src in (("this", args.src), ("main", args.main)):
                if src is None:
                    continue
                row = {"mb": mb, "code": label}
                for kind in args.kinds:
                    row[kind] = run(kind, paths[kind], src)
                # CPU seconds compare on a shared machine; wall seconds only on a quiet one
                clock = "cpu_seconds" if "cpu_seconds" in row.get("news", {}) else "seconds"
                news_s = row.get("news", {}).get(clock)
                for kind in ("oneline", "nobreak"):
                    s = row.get(kind, {}).get(clock)
                    if news_s and s:
                        row[f"{kind}_to_news"] = round(s / news_s, 2)
                results.append(row)
                print(_line(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _line(row: dict) -> str:
    parts = [f"{row['code']:>4} {row['mb']:>5} MB"]
    for kind in ("news", "oneline", "nobreak"):
        r = row.get(kind)
        if not r:
            continue
        if "error" in r:
            parts.append(f"{kind}: ERROR {r['error'][:60]}")
            continue
        cpu = (f", CPU {r['cpu_seconds']:.1f} s = {r['cpu_seconds'] / row['mb']:.1f} s/MB"
               if "cpu_seconds" in r else "")
        parts.append(f"{kind}: {r['seconds']:.1f} s ({r['seconds'] / row['mb']:.1f} s/MB{cpu}, "
                     f"{r['peak_rss_mb']:.0f} MB RSS, {r['events']} events, {r['failures']} failed)")
    for kind in ("oneline", "nobreak"):
        if f"{kind}_to_news" in row:
            parts.append(f"{kind}/news={row[f'{kind}_to_news']}")
    return " | ".join(parts)


if __name__ == "__main__":
    main()
