"""`tacitus ingest --workers 2` stopped by SIGTERM or with its parent killed leaves no
worker processes behind."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TACITUS = ROOT / ".venv" / "bin" / "tacitus"
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate, write_jsonl

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(generate(60, seed=3), fh)
    return path


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_no_orphan_workers(corpus, tmp_path, sig):
    db = tmp_path / "w.db"
    command = [str(TACITUS), "ingest", str(corpus), "--db", f"sqlite:///{db}", "--quiet",
               "--workers", "2", "--batch-size", "2"]
    # own session: killing the parent must be what stops the workers, not a group signal
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and proc.poll() is None and _stored(db) < 2:
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the workers should be running"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        assert proc.returncode == 130 and "interrupted" in stderr
    deadline = time.monotonic() + 30
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(workers)
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert resumed.returncode == 0, resumed.stderr
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    assert docs == 60 and events == distinct


def test_code_workers_exit_when_the_parent_is_killed(corpus, tmp_path):
    # spaCy forks these parser workers itself (`nlp.pipe(n_process=2)`)
    command = [str(TACITUS), "code", str(corpus), "-o", str(tmp_path / "out.jsonl"),
               "--workers", "2"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        time.sleep(0.1)
        workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the workers should be running"
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(workers)
