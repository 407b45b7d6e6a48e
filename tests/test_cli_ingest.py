"""`tacitus ingest`, `events`, `stats`, `export`: resumable ingest into the store and queries."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.config import Settings
from tacitus.ingest.runner import IngestSummary, ingest
from tacitus.records import Document
from tacitus.store import Store

ROOT = Path(__file__).resolve().parents[1]
TACITUS = ROOT / ".venv" / "bin" / "tacitus"
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate, write_jsonl

N_DOCS = 40
CRASH_MARKER = "Zorblax"  # a word no real article holds: the test coder dies on it

runner = CliRunner()


def counts(db: Path) -> tuple[int, int, int]:
    """(documents, events, distinct event ids) read straight from the SQLite file."""
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    return docs, events, distinct


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(generate(N_DOCS, seed=11), fh)
    return path


@pytest.fixture(scope="module")
def clean_db(corpus, tmp_path_factory) -> Path:
    """One uninterrupted single-process ingest of the corpus: the reference."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", f"sqlite:///{db}", "--quiet"])
    assert result.exit_code == 0, result.output
    return db


# -- ingest ------------------------------------------------------------------------------


def test_ingest_stores_every_document_and_rerun_adds_nothing(corpus, clean_db):
    docs, events, distinct = counts(clean_db)
    assert docs == N_DOCS and events > N_DOCS and events == distinct
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(clean_db), "--json", "-q"])
    assert again.exit_code == 0
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert summary["skipped_done"] == N_DOCS and summary["coded"] == 0
    assert counts(clean_db) == (docs, events, distinct)


def test_default_database_comes_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    text = tmp_path / "one.txt"
    text.write_text(next(generate(1, seed=2))["text"], encoding="utf-8")
    monkeypatch.setenv("TACITUS_DB", str(db))
    result = runner.invoke(app, ["ingest", str(text), "-q"])
    assert result.exit_code == 0, result.output
    assert counts(db)[0] == 1


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["sigint", "sigterm", "sigkill"])
def test_killed_ingest_resumes_without_duplicates(corpus, clean_db, tmp_path, sig):
    db = tmp_path / "killed.db"
    command = [str(TACITUS), "ingest", str(corpus), "--db", f"sqlite:///{db}", "--quiet"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists() and _stored_documents(db) >= 1:  # early: storing the rest takes well under a second
            break
        time.sleep(0.05)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    stored = counts(db)
    assert 0 < stored[0] < N_DOCS, "the kill should land partway"
    assert stored[1] == stored[2]
    if sig in (signal.SIGINT, signal.SIGTERM):   # SIGTERM is handled as Ctrl-C
        assert proc.returncode == 130
        assert "interrupted" in stderr and "coded" in stderr
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{stored[0]} skipped as already stored" in resumed.stderr
    assert counts(db) == counts(clean_db)


def _stored_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=0.1) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def test_two_workers_store_the_same_as_one(corpus, clean_db, tmp_path):
    db = tmp_path / "two.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert counts(db) == counts(clean_db)


def test_bad_inputs_are_reported_and_the_rest_lands(corpus, tmp_path):
    db = tmp_path / "bad.db"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), str(empty),
                                 str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 0
    assert "E018" in result.stderr and "E010" in result.stderr
    assert counts(db)[0] == N_DOCS
    nothing = runner.invoke(app, ["ingest", str(tmp_path / "missing.txt"), "--db", str(db)])
    assert nothing.exit_code == 1


def test_unreachable_database_is_one_clear_error(corpus):
    url = "postgresql://nobody@127.0.0.1:1/tacitus"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", url, "-q"])
    assert result.exit_code == 1
    assert "E040" in result.stderr and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_locked_database_stops_without_a_partial_document(corpus, tmp_path, monkeypatch):
    import tacitus.store.store as store_module

    monkeypatch.setattr(store_module, "SQLITE_BUSY_SECONDS", 0.2)
    db = tmp_path / "locked.db"
    Store(str(db)).init()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer holds the database
    try:
        result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "-q"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "E040" in result.stderr and "locked" in result.stderr
    assert counts(db) == (0, 0, 0)


# -- worker crash (runner API) -------------------------------------------------------------


def register_crashing_coder() -> None:
    """Runs in each worker: a coder that kills its process on CRASH_MARKER."""
    from tacitus.registry import coders, make_rules_coder

    def make(settings=None):
        rules = make_rules_coder(settings)

        class Crashing:
            def code(self, document, doc, offset=0):
                if CRASH_MARKER in document.text:
                    os._exit(3)  # like a segfault: no exception, the process is gone
                return rules.code(document, doc, offset=offset)

        return Crashing()

    coders.register("crashing.test", func=make)


def test_worker_crash_is_retried_then_reported_and_the_rest_lands(tmp_path):
    texts = [a["text"] for a in generate(7, seed=5)]
    texts[2] = f"{CRASH_MARKER} said nothing. " + texts[2]
    docs = [Document.from_text(t, origin=f"doc{i}") for i, t in enumerate(texts)]
    store = Store(str(tmp_path / "crash.db"))
    problems: list[str] = []
    summary = ingest(docs, store, settings=Settings.load(coder="crashing.test"), workers=2,
                     batch_size=2, on_problem=problems.append,
                     worker_init=register_crashing_coder)
    assert summary.coded == 6 and summary.problems == 1
    assert len(problems) == 1 and problems[0].startswith("E051: doc2:")
    assert not store.has_document(docs[2].doc_id)
    assert all(store.has_document(d.doc_id) for i, d in enumerate(docs) if i != 2)


def test_summary_line_says_how_far_it_got():
    summary = IngestSummary(read=10, skipped_done=2, coded=5, events=30, problems=1,
                            interrupted=True, elapsed=2.0)
    line = summary.line()
    assert line.startswith("interrupted:")
    assert "10 documents read" in line and "5 coded" in line and "3.5 docs/s" in line


# -- events, stats, export -----------------------------------------------------------------


def test_events_filters_match_the_store(clean_db):
    store = Store(str(clean_db))
    top_type = next(iter(store.stats()["by_type"]))
    result = runner.invoke(app, ["events", "--db", str(clean_db), "--type", top_type,
                                 "--format", "jsonl", "--limit", "0"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and {r["event_type"] for r in rows} == {top_type}
    assert len(rows) == store.count_events(event_type=top_type)


def test_events_country_dyad_dates_and_text(clean_db):
    store = Store(str(clean_db))
    sample = next(e for e in store.events() if e.source and e.source.country
                  and e.target and e.target.country and e.date)
    src, tgt = sample.source.country, sample.target.country
    result = runner.invoke(app, [
        "events", "--db", str(clean_db), "--dyad", f"{src},{tgt}", "--since",
        sample.date.isoformat(), "--until", sample.date.isoformat(), "-f", "jsonl"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert sample.event_id in {r["event_id"] for r in rows}
    assert all(r["source"]["country"] == src and r["target"]["country"] == tgt for r in rows)
    assert all(r["date"] == sample.date.isoformat() for r in rows)
    word = sample.evidence.trigger
    found = runner.invoke(app, ["events", "--db", str(clean_db), "--q", word.upper(),
                                "--country", src, "-f", "jsonl", "--limit", "0"])
    rows = [json.loads(line) for line in found.stdout.splitlines()]
    assert sample.event_id in {r["event_id"] for r in rows}
    assert all(src in (r["source"]["country"] if r["source"] else None,
                       r["target"]["country"] if r["target"] else None) for r in rows)


def test_events_limit_offset_and_csv(clean_db):
    all_rows = runner.invoke(app, ["events", "--db", str(clean_db), "-f", "csv", "--limit", "0"])
    full = list(csv.DictReader(io.StringIO(all_rows.stdout)))
    page = runner.invoke(app, ["events", "--db", str(clean_db), "-f", "csv", "--limit", "5",
                               "--offset", "3"])
    part = list(csv.DictReader(io.StringIO(page.stdout)))
    assert [r["event_id"] for r in part] == [r["event_id"] for r in full[3:8]]
    assert f"{len(full)} events match; showing 4-8" in page.stderr


def test_events_table_and_bad_dyad(clean_db):
    table = runner.invoke(app, ["events", "--db", str(clean_db), "--limit", "3"])
    assert table.exit_code == 0 and "Events in" in table.stdout
    bad = runner.invoke(app, ["events", "--db", str(clean_db), "--dyad", "RUS"])
    assert bad.exit_code == 1 and "RUS,USA" in bad.output


def test_stats_json_and_tables(clean_db):
    result = runner.invoke(app, ["stats", "--db", str(clean_db), "--json"])
    figures = json.loads(result.stdout)
    assert figures["documents"] == N_DOCS
    assert figures["events"] == sum(figures["by_type"].values())
    tables = runner.invoke(app, ["stats", "--db", str(clean_db)])
    assert "Events by type" in tables.stdout and "Events by month" in tables.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "gdelt", "acled", "plover"])
def test_export_writes_every_selected_event(clean_db, tmp_path, fmt, monkeypatch):
    from tacitus.cli import query

    monkeypatch.setattr(query, "PAGE", 7)  # several pages even on a small store
    out = tmp_path / f"out.{fmt}"
    store = Store(str(clean_db))
    top_type = next(iter(store.stats()["by_type"]))
    result = runner.invoke(app, ["export", "--db", str(clean_db), "--format", fmt, "-o",
                                 str(out), "--type", top_type])
    assert result.exit_code == 0, result.output
    selected = store.events(event_type=top_type)
    if fmt in ("gdelt", "acled"):   # what happened: asserted events only, by default
        selected = [e for e in selected if e.modality == "asserted"]
    # ACLED has rows only for events that map to an ACLED type
    expected = sum(e.acled is not None for e in selected) if fmt == "acled" else len(selected)
    assert f"{expected} events written" in result.stderr
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out).num_rows == expected
    else:
        lines = out.read_text(encoding="utf-8").splitlines()
        header = 0 if fmt in ("jsonl", "plover", "gdelt") else 1
        assert len(lines) - header == expected


def test_export_gdelt_carries_document_urls(clean_db, tmp_path):
    out = tmp_path / "events.gdelt"
    runner.invoke(app, ["export", "--db", str(clean_db), "-f", "gdelt", "-o", str(out)])
    assert "http" in out.read_text(encoding="utf-8")
