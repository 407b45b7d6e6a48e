import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def code():
    """Code one text with the default pipeline (published 2021-03-01): a list of events."""
    from tacitus.pipeline import Pipeline

    pipeline = Pipeline()
    return lambda text: pipeline.code_text(text, published="2021-03-01")


def first_event(events, event_type):
    """The first event of that type, failing the test with the types found if none."""
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[e.event_type for e in events]}"
    return found[0]


@pytest.fixture(scope="session")
def nlp():
    from tacitus.nlp import load_model

    return load_model()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(db_url: str, *args: str, timeout: float = 60):
    """`tacitus serve` on a free local port in a subprocess: yields its base URL once
    /api/stats answers, stops it afterwards."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tacitus.cli.main", "serve", "--db", db_url, "--port", str(port),
         *args],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"tacitus serve exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/stats", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("tacitus serve did not answer in time") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def serving():
    """A context manager that runs the dashboard/API server for browser tests."""
    return _serving
