"""End to end through the command a user types: `tacitus code` and `tacitus eval`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
REPORT = ("At least 140 people were arrested in Minsk on Sunday, including a journalist. "
          "Russia and Belarus agreed on a $1 billion loan.\n")

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_code_txt_to_jsonl_is_schema_v1_with_evidence(report):
    result = run("code", str(report), "--published", "2020-09-01", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    events = jsonl(result.stdout)
    types = {e["event_type"] for e in events}
    assert {"COERCE", "AGREE"} <= types
    arrest = next(e for e in events if e["event_type"] == "COERCE")
    assert arrest["date"] == "2020-08-30" and arrest["date_precision"] == "day"
    assert arrest["quantities"]["arrests"]["min"] == 140
    assert arrest["cameo"] == "173" and arrest["quad_class"] == 4
    start, end = arrest["evidence"]["start"], arrest["evidence"]["end"]
    assert REPORT[start:end] == arrest["evidence"]["sentence"]
    assert arrest["evidence"]["trigger"] == "arrested"
    loan = next(e for e in events if e["event_type"] == "AGREE")
    assert loan["quantities"]["money"] == {"amount": 1e9, "currency": "USD", "approximate": False,
                                           "text": loan["quantities"]["money"]["text"]}
    assert {m["country"] for m in loan["source"]["members"]} == {"RUS", "BLR"}
    assert arrest["doc_id"] == loan["doc_id"] and len(arrest["doc_id"]) == 16


def test_code_stdin_jsonl_keeps_ids_and_own_dates(tmp_path):
    lines = [
        {"id": "a-1", "text": "Police detained 30 protesters in Hrodna on Saturday.",
         "published": "2021-05-04"},
        {"id": "a-2", "text": "The European Union imposed sanctions on Belarusian officials."},
    ]
    feed = "".join(json.dumps(x) + "\n" for x in lines)
    out = tmp_path / "events.csv"
    result = run("code", "-", "--format", "csv", "-o", str(out), "--published", "2020-01-01",
                 input=feed)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_doc = {r["doc_id"]: r for r in rows}
    assert set(by_doc) == {"a-1", "a-2"}
    assert by_doc["a-1"]["published"] == "2021-05-04"      # the line's own date wins
    assert by_doc["a-1"]["date"] == "2021-05-01"
    assert by_doc["a-2"]["published"] == "2020-01-01"      # --published fills the gap
    assert by_doc["a-2"]["event_type"] == "SANCTION"


def test_code_table_shows_events(report):
    result = run("code", str(report), "--published", "2020-09-01")
    assert result.exit_code == 0
    assert "COERCE" in result.stdout and "AGREE" in result.stdout


def test_bad_inputs_are_reported_and_the_rest_is_coded(tmp_path, report):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "Police arrested 3 men."}\n{oops\n',
                                           encoding="utf-8")
    result = run("code", str(tmp_path), "--published", "2020-09-01", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr
    assert "broken.jsonl: line 2" in result.stderr
    docs = {e["doc_id"] for e in jsonl(result.stdout)}
    assert "x" in docs and len(docs) == 2


def test_nothing_codable_exits_non_zero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = run("code", str(empty), "--format", "jsonl")
    assert result.exit_code != 0
    assert "empty.txt" in result.stderr


def test_missing_file_is_named(tmp_path):
    result = run("code", str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert "nope.txt" in result.stderr


def test_hypothetical_and_negated_are_not_asserted(tmp_path):
    path = tmp_path / "h.txt"
    path.write_text("If the talks fail, the union would strike. "
                    "Russia did not attack the convoy.", encoding="utf-8")
    result = run("code", str(path), "--format", "jsonl")
    events = jsonl(result.stdout)
    assert events and all(e["modality"] != "asserted" for e in events)
    result = run("code", str(path), "--format", "jsonl", "--asserted-only")
    assert jsonl(result.stdout) == []


def test_same_input_gives_same_event_ids(report):
    first = jsonl(run("code", str(report), "--format", "jsonl").stdout)
    second = jsonl(run("code", str(report), "--format", "jsonl").stdout)
    assert [e["event_id"] for e in first] == [e["event_id"] for e in second]


def test_eval_scores_our_expectations_file():
    gold = ROOT / "tests" / "data" / "coder" / "expectations.jsonl"
    result = run("eval", str(gold), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    events = report["events"]
    assert 0.0 < events["f1"] <= 1.0
    assert events["tp"] + events["fn"] == sum(
        len(json.loads(line)["events"]) for line in gold.open(encoding="utf-8"))


def test_demo_fills_a_database_once(tmp_path):
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    first = run("demo", str(ROOT / "examples"), "--db", db)
    assert first.exit_code == 0, first.output
    second = run("demo", str(ROOT / "examples"), "--db", db)
    assert "0 new" in second.stderr
    from tacitus.store import Store

    store = Store(db)
    assert store.stats()["documents"] >= 12
    assert store.count_events() >= 20


def test_actionable_errors_are_one_line_not_a_traceback(report):
    import subprocess
    import sys

    script = Path(sys.executable).with_name("tacitus")
    done = subprocess.run([str(script), "code", str(report), "--spacy-model", "no_such_model"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("E001:") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name for c in app.registered_commands]
    assert len(names) >= 13
    missing = [n for n in names if f"tacitus {n}" not in readme and f"tacitus/{n}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_a_50_mb_file_is_skipped_and_the_rest_is_coded(tmp_path, report):
    big = tmp_path / "big.txt"
    line = "Police detained five people in Minsk on Sunday, officials said.\n"
    with big.open("w", encoding="utf-8") as fh:
        fh.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert big.stat().st_size >= 50 * 1024 * 1024
    result = run("code", str(tmp_path), "--published", "2020-09-01", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert "big.txt" in result.stderr and "MB" in result.stderr
    docs = {e["doc_id"] for e in jsonl(result.stdout)}
    assert len(docs) == 1          # report.txt was coded, big.txt was not


def test_code_csv_neutralises_formulas_unless_raw_cells(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "=1+1", "published": "2021-05-04", "text":
                                  "Police detained 30 protesters in Hrodna on Saturday."}) + "\n")
    cells = {}
    for flag in ([], ["--raw-cells"]):
        result = run("code", str(source), "--format", "csv", *flag)
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        cells[bool(flag)] = {row["doc_id"] for row in rows}
    assert cells[False] == {"'=1+1"} and cells[True] == {"=1+1"}
