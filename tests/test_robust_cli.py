"""No tracebacks and no silent no-ops: bad option values are refused up front, with the
option named, before any work is done."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_api import _fill
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.store import Store

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    result = runner.invoke(app, list(args))
    result.said = " ".join(result.output.replace("│", " ").split())  # unwrapped from the box
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "events.db"
    with Store(str(path)) as store:
        _fill(store)
    return str(path)


@pytest.fixture()
def a_file(tmp_path) -> Path:
    path = tmp_path / "plain.txt"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize("command", [
    ["events", "-f", "jsonl"], ["export", "-f", "csv"], ["export", "-f", "parquet"]])
@pytest.mark.parametrize("where", ["missing/out.x", "FILE/out.x", "FILE/deeper/out.x", "."])
def test_unwritable_output_is_refused_naming_the_problem(db, tmp_path, a_file, command, where):
    target = (tmp_path / where.replace("FILE", a_file.name)) if where != "." else tmp_path
    result = run(*command, "--db", db, "-o", str(target))
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.replace("│", " ").split())
    assert "--output" in said and "Traceback" not in said
    assert any(w in said for w in ("does not exist", "is a file", "is a folder"))


def test_code_refuses_a_missing_output_folder_before_loading_anything(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Police arrested protesters in Minsk.")
    result = run("code", str(report), "-f", "jsonl", "-o", str(tmp_path / "no" / "out.jsonl"))
    assert result.exit_code == 2 and "does not exist" in result.said


@pytest.mark.parametrize("args, option", [
    (["events", "--limit", "-1"], "--limit"),
    (["events", "--offset", "-5"], "--offset"),
    (["events", "--limit", "99999999999999999999999"], "--limit"),
    (["events", "--offset", "99999999999999999999999"], "--offset"),
    (["export", "-o", "-", "--limit", "-2"], "--limit"),
    (["stats", "--top", "-3"], "--top"),
])
def test_out_of_range_numbers_are_refused(db, args, option):
    result = run(*args, "--db", db)
    assert result.exit_code == 2, result.output
    assert option in result.said


@pytest.mark.parametrize("value", ["0", "-4"])
@pytest.mark.parametrize("option", ["--batch-size", "--workers", "--partition-size"])
def test_ingest_refuses_zero_or_negative_sizes(tmp_path, option, value):
    report = tmp_path / "r.txt"
    report.write_text("Police arrested protesters in Minsk.")
    result = run("ingest", str(report), "--db", str(tmp_path / "x.db"), option, value)
    assert result.exit_code == 2 and option in result.said
    assert not (tmp_path / "x.db").exists()


def test_empty_folder_is_named(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text("x")
    result = run("ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "x.db"), "-q")
    assert result.exit_code == 1
    assert "E023" in result.said and str(tmp_path / "empty") in result.said


def test_undecodable_search_words_are_refused(db):
    # bytes that are not UTF-8 reach Python as lone surrogates (PEP 383): a real process
    code = ("import sys; from tacitus.cli.main import main; "
            f"sys.argv = ['tacitus', 'events', '--db', {db!r}, '--q', "
            "b'\\xff\\xfeabc'.decode('utf-8', 'surrogateescape')]; main()")
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2, proc.stderr
    assert "--q" in proc.stderr and "Traceback" not in proc.stderr
