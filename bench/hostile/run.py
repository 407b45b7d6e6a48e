"""Run `tacitus code` and `tacitus ingest` on every input of the hostile corpus, one
process per input and command, and check each run is clean.

    python bench/hostile/run.py CORPUS_DIR [--json out.json] [--timeout 900]

Clean: no traceback, finished before the timeout, peak RSS under 1 GB, and every input
the run could not code named on stderr with an error code (or coded). Prints one line
per run and the totals.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RSS_LIMIT_MB = 1024


def run_one(command: list[str], timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    start = time.monotonic()
    # peak RSS and CPU seconds: on a shared, loaded machine CPU time is what compares
    timed = ["/usr/bin/time", "-f", "%M %U %S"] + command
    try:
        proc = subprocess.run(timed, capture_output=True, text=True, timeout=timeout, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"exit": None, "seconds": timeout, "timed_out": True, "rss_mb": None,
                "cpu_s": None, "traceback": False, "named": [], "last": "timed out"}
    lines = proc.stderr.strip().splitlines()
    last = lines[-1].split() if lines else []
    measured = len(last) == 3 and last[0].isdigit()
    rss_kb = int(last[0]) if measured else None
    cpu = round(float(last[1]) + float(last[2]), 1) if measured else None
    stderr = "\n".join(lines[:-1])
    return {"exit": proc.returncode, "seconds": round(time.monotonic() - start, 1), "cpu_s": cpu,
            "timed_out": False, "rss_mb": round(rss_kb / 1024) if rss_kb else None,
            "traceback": "Traceback" in stderr or "Traceback" in proc.stdout,
            "named": sorted(set(re.findall(r"\bE\d{3}\b", stderr))),
            "last": stderr.splitlines()[-1][:160] if stderr else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--commands", nargs="+", default=["code", "ingest"])
    ap.add_argument("--only", nargs="+", help="these inputs of the corpus (file names)")
    args = ap.parse_args()
    tacitus = [sys.executable, "-m", "tacitus.cli.main"]
    inputs = sorted(p for p in args.corpus.iterdir() if not args.only or p.name in args.only)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in inputs:
            for command in args.commands:
                if command == "code":
                    argv = tacitus + ["code", str(path), "-f", "jsonl", "-o", os.devnull]
                else:
                    argv = tacitus + ["ingest", str(path), "-q", "--db",
                                      f"sqlite:///{tmp}/{path.name}.db"]
                row = {"input": path.name, "command": command, **run_one(argv, args.timeout)}
                size = path.stat().st_size if path.is_file() else 0
                row["mb"] = round(size / 1e6, 2)
                row["clean"] = (not row["timed_out"] and not row["traceback"]
                                and row["exit"] in (0, 1)
                                and (row["rss_mb"] or 0) <= RSS_LIMIT_MB
                                and (row["exit"] == 0 or bool(row["named"])))
                results.append(row)
                print(f"{'ok ' if row['clean'] else 'BAD'} {command:6} {path.name:24} exit={row['exit']} "
                      f"{row['seconds']:>6}s ({row['cpu_s']} s CPU) {row['rss_mb']} MB {','.join(row['named'])} | {row['last']}",
                      flush=True)
    clean = sum(r["clean"] for r in results)
    print(f"{clean}/{len(results)} runs clean")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
