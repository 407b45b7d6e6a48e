"""Start-up cost of the CLI: `tacitus --help` and `tacitus --version` against a bare
`import typer` (the floor any Typer CLI pays), each in a fresh interpreter.

    .venv/bin/python bench/bench_startup.py [--runs 9]

Prints the median CPU seconds (user + system of the child, as the OS counts them; wall
time on a loaded machine says more about the neighbours than about us), the ratio to the
floor, and which heavy libraries the command imported (it should be none: spaCy,
pandas, SQLAlchemy and FastAPI load inside the commands that need them).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HEAVY = ("spacy", "torch", "pandas", "sqlalchemy", "fastapi", "trafilatura", "pydantic")
PROBE = ("import sys, runpy\nsys.argv = ['tacitus', {arg!r}]\n"
         "try:\n    runpy.run_module('tacitus.cli.main', run_name='__main__')\n"
         "except SystemExit:\n    pass\n"
         "print('HEAVY', ','.join(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)")


def _cpu(argv: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(argv, capture_output=True, text=True, env=os.environ, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    heavy = next((line.split(" ", 1)[1] if " " in line else "" for line in
                  run.stderr.splitlines() if line.startswith("HEAVY")), "")
    return cpu, wall, heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    commands = {
        "floor: import typer": [sys.executable, "-c", "import typer"],
        "tacitus --help": [sys.executable, "-c", PROBE.format(arg="--help", heavy=HEAVY)],
        "tacitus --version": [sys.executable, "-c", PROBE.format(arg="--version", heavy=HEAVY)],
    }
    results = {}
    for _ in range(args.runs):          # interleaved, so drift hits every command alike
        for name, argv in commands.items():
            results.setdefault(name, []).append(_cpu(argv))
    floor = statistics.median(cpu for cpu, _, _ in results["floor: import typer"])
    print(f"{'command':22} {'cpu s':>7} {'wall s':>7} {'x floor':>8}  heavy imports")
    for name, runs in results.items():
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        print(f"{name:22} {cpu:7.3f} {wall:7.3f} {cpu / floor:8.2f}  {runs[-1][2] or '-'}")


if __name__ == "__main__":
    main()
