"""Run schemathesis against `tacitus serve` on a small filled database, on either backend.

    .venv/bin/python bench/api_fuzz.py --db sqlite:///tmp/fuzz.db [--checks all]
        [--exclude-checks a,b] [-n 15] [--port 8765] [-- ...more st options]

The database gets the hand-made events of `tests/test_api.py` (SQLite: a new file;
PostgreSQL: every tacitus table emptied first, so use a database of your own). The
server runs with `--token tok`; schemathesis sends that token on every request, in
deterministic mode, and prints its summary. Exit status is schemathesis'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]


def fill(url: str) -> None:
    from sqlalchemy import text
    from test_api import _fill

    from tacitus.store import Store

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        with Store(url) as store, store.connect(write=True) as conn:
            tables = [r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename <> 'alembic_version'"))]
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    with Store(url) as store:
        _fill(store)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--checks", default="all")
    ap.add_argument("--exclude-checks", default="")
    ap.add_argument("-n", "--max-examples", type=int, default=15)
    ap.add_argument("rest", nargs="*", help="more schemathesis options (after --)")
    args = ap.parse_args()
    fill(args.db)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen([sys.executable, "-m", "tacitus.cli.main", "serve", "--db", args.db,
                               "--port", str(args.port), "--token", "tok"], env=env)
    base = f"http://localhost:{args.port}/api/openapi.json"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                time.sleep(1)
        st = [str(Path(sys.executable).with_name("st")), "run", base, "--checks", args.checks,
              "-n", str(args.max_examples), "--generation-deterministic", "--request-timeout", "60",
              "-H", "Authorization: Bearer tok"]
        if args.exclude_checks:
            st += ["--exclude-checks", args.exclude_checks]
        return subprocess.run(st + args.rest, check=False).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
