"""A SQLite database this process may not write to (read-only file and folder) can still
be read: CLI listing and export, and the API's GET endpoints; writing is refused with
a one-line error, not a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from test_api import _fill

from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[1]
TACITUS = ROOT / ".venv" / "bin" / "tacitus"
PYTHON = ROOT / ".venv" / "bin" / "python"
# root ignores file modes: drop the capabilities that let it (Linux `setpriv`)
DROP = "-dac_override,-dac_read_search,-fowner,-linux_immutable"
AS_USER = ["setpriv", f"--bounding-set={DROP}", "--"] if os.geteuid() == 0 else []

pytestmark = pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"),
                                reason="running as root without setpriv")

API_READS = r"""
import sys, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient
from tacitus.api import create_app
app = create_app(sys.argv[1], "tok", pipeline_factory=lambda: None)
with TestClient(app, base_url="http://localhost") as client:
    for path in sys.argv[2:]:
        response = client.get(path)
        print(path, response.status_code, len(response.content))
"""


@pytest.fixture(scope="module")
def frozen():
    folder = Path(tempfile.mkdtemp(prefix="tacitus-ro-"))
    db = folder / "events.db"
    with Store(f"sqlite:///{db}") as store:
        _fill(store)
    for extra in folder.iterdir():
        if extra != db:
            extra.unlink()
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    shutil.rmtree(folder)


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([*AS_USER, *args], capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir(), timeout=300, check=False)


def test_the_test_really_cannot_write(frozen):
    probe = _run(str(PYTHON), "-c", f"open({str(frozen)!r}, 'r+b')")
    assert probe.returncode != 0 and "Permission denied" in probe.stderr


def test_cli_lists_and_exports_a_read_only_database(frozen, tmp_path):
    url = f"sqlite:///{frozen}"
    listed = _run(str(TACITUS), "events", "--db", url, "--q", "Minsk")
    assert listed.returncode == 0, listed.stderr
    assert "Police arrested protesters in Minsk." in listed.stdout
    stats = _run(str(TACITUS), "stats", "--db", url)
    assert stats.returncode == 0 and "5" in stats.stdout, stats.stderr
    out = Path(tempfile.mkdtemp(prefix="tacitus-ro-out-"))
    out.chmod(0o777)
    try:
        exported = _run(str(TACITUS), "export", "--db", url, "-o", str(out / "e.jsonl"))
        assert exported.returncode == 0, exported.stderr
        assert len((out / "e.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    finally:
        shutil.rmtree(out)


def test_writing_to_a_read_only_database_is_one_line_error(frozen):
    result = _run(str(TACITUS), "review", "reject", "d-blr#0:COERCE", "--db", f"sqlite:///{frozen}")
    assert result.returncode != 0
    assert "readonly database" in result.stderr and "Traceback" not in result.stderr


def test_api_reads_a_read_only_database(frozen):
    paths = ["/api/events", "/api/events?q=Minsk", "/api/documents", "/api/documents/d-blr",
             "/api/actors", "/api/stats", "/api/timeline", "/api/map", "/api/network",
             "/api/export?format=csv"]
    result = _run(str(PYTHON), "-c", API_READS, f"sqlite:///{frozen}", *paths)
    assert result.returncode == 0, result.stderr
    codes = dict(line.split()[:2] for line in result.stdout.splitlines())
    assert codes == {path: "200" for path in paths}
    assert frozen.stat().st_mode & 0o222 == 0
