"""One filter vocabulary and one date rule for the CLI, the API and the analyses; read-only
commands never create a database."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tacitus.api import create_app
from tacitus.cli.main import app
from tacitus.filters import EventFilter, InvalidFilter, event_day
from tacitus.records import Actor, Document, Event, Evidence
from tacitus.store import Store

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def _event(doc: Document, kind: str, src: str, tgt: str, day: str | None,
           modality: str = "asserted", quad: int = 4) -> Event:
    return Event(
        event_id=f"{doc.doc_id}#0", doc_id=doc.doc_id, published=doc.published,
        date=date.fromisoformat(day) if day else None,
        date_precision="day" if day else "unknown", event_type=kind, quad_class=quad,
        goldstein=-5.0, modality=modality,
        source=Actor(text="police", country=src, sector="COP", code=f"{src}COP"),
        target=Actor(text="marchers", country=tgt, sector="CVL", code=f"{tgt}CVL"),
        evidence=Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="x"),
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Four Belarus events in May 2024: two dated, one placed only by its publication
    day (May 20), one denied (negated)."""
    url = f"sqlite:///{tmp_path / 'events.db'}"
    rows = [
        ("a", "Police detained marchers in Minsk on May 2.", "2024-05-03", "2024-05-02", "asserted"),
        ("b", "Police beat marchers in Brest.", "2024-05-11", "2024-05-10", "asserted"),
        ("c", "Police dispersed marchers in Gomel.", "2024-05-20", None, "asserted"),
        ("d", "Police denied beating marchers.", "2024-05-21", "2024-05-21", "negated"),
    ]
    with Store(url) as store:
        for doc_id, text, published, day, modality in rows:
            doc = Document(doc_id=doc_id, text=text, published=date.fromisoformat(published))
            store.add(doc, [_event(doc, "COERCE", "BLR", "BLR", day, modality)])
    return url


# -- the model ------------------------------------------------------------------------------


@pytest.mark.parametrize("values, option, listed", [
    ({"type": "PROTESTS"}, "--type", "PROTEST, SANCTION, MOBILIZE"),
    ({"country": "Belarus"}, "--country", "BLR"),
    ({"source_country": "XX"}, "--source-country", "BLR"),
    ({"modality": "maybe"}, "--modality", "asserted, negated, planned, hypothetical"),
    ({"mode": "rioting"}, "--mode", "riot"),
    ({"source_sector": "POLICE"}, "--source-sector", "COP"),
    ({"dyad": "RUS"}, "--dyad", "SOURCE,TARGET"),
    ({"since": "May 2024"}, "--since", "YYYY-MM-DD"),
])
def test_unknown_values_are_errors_listing_the_valid_ones(values, option, listed):
    with pytest.raises(InvalidFilter) as caught:
        EventFilter.parse(**values)
    text = str(caught.value)
    assert text.startswith("E080") and option in text and listed in text
    assert "\n" not in text


def test_values_are_normalised_once_for_everyone():
    chosen = EventFilter.parse(type="protest, assault", country="blr", mode="detain",
                               modality="Asserted,planned", since="2024-05-01")
    assert chosen.store_kwargs() == {
        "event_type": ["PROTEST", "ASSAULT"], "country": "BLR", "mode": "arrest",
        "modality": ["asserted", "planned"], "since": date(2024, 5, 1)}
    assert EventFilter.parse().with_default_modality().modalities == ["asserted"]
    assert EventFilter.parse(modality="negated").with_default_modality().modalities == ["negated"]


def test_event_day_falls_back_to_the_publication_date():
    doc = Document(doc_id="x", text="t", published=date(2024, 5, 20))
    assert event_day(_event(doc, "COERCE", "BLR", "BLR", None)) == (date(2024, 5, 20), "publication")
    assert event_day(_event(doc, "COERCE", "BLR", "BLR", "2024-05-19")) == (date(2024, 5, 19), "day")


# -- the CLI --------------------------------------------------------------------------------


@pytest.mark.parametrize("args, listed", [
    (["--type", "PROTESTS"], "PROTEST"),
    (["--country", "Belarus"], "BLR (Belarus)"),
    (["--modality", "maybe"], "hypothetical"),
])
@pytest.mark.parametrize("command", [["events"], ["export", "-o", "-"]])
def test_cli_rejects_unknown_filter_values(db, command, args, listed):
    result = run(*command, "--db", db, *args)
    assert result.exit_code == 1, result.output
    assert "E080" in result.output and listed in result.output
    assert "events match" not in result.output and "written" not in result.output


def test_trend_rejects_a_country_name(db):
    result = run("trend", "Belarus", "--db", db)
    assert result.exit_code == 1
    assert "BLR (Belarus)" in result.output


def test_events_export_trend_and_api_select_the_same_days(db, tmp_path):
    window = ["--since", "2024-05-15", "--until", "2024-05-31"]
    listed = run("events", "--db", db, *window, "--format", "jsonl")
    assert listed.exit_code == 0, listed.output
    by_events = {json.loads(line)["event_id"] for line in listed.stdout.splitlines()
                 if line.startswith("{")}
    # the undated event (published May 20) is in the window; so is the denied one
    assert by_events == {"c#0", "d#0"}
    out = tmp_path / "x.jsonl"
    assert run("export", "--db", db, *window, "-o", str(out)).exit_code == 0
    assert {json.loads(line)["event_id"] for line in out.read_text().splitlines()} == by_events
    trend = run("trend", "BLR", "--db", db, *window, "--by", "month", "--format", "json")
    assert trend.exit_code == 0, trend.output
    # trends count what happened: the asserted event only, on the same day rule
    assert [row["events"] for row in json.loads(trend.stdout)] == [1]
    everything = run("trend", "BLR", "--db", db, *window, "--by", "month", "--format", "json",
                     "--all-modalities")
    assert [row["events"] for row in json.loads(everything.stdout)] == [2]
    with TestClient(create_app(db, None)) as client:
        body = client.get("/api/events", params={"since": "2024-05-15",
                                                 "until": "2024-05-31"}).json()
        assert {e["event_id"] for e in body["events"]} == by_events
        rows = client.get("/api/timeline", params={"by": "month", "since": "2024-05-15",
                                                   "until": "2024-05-31"}).json()["rows"]
        assert [row["events"] for row in rows] == [1]


def test_events_are_listed_newest_day_first_as_the_help_says(db):
    result = run("events", "--db", db, "--format", "jsonl")
    ids = [json.loads(line)["event_id"] for line in result.stdout.splitlines()
           if line.startswith("{")]
    assert ids == ["d#0", "c#0", "b#0", "a#0"]
    assert "newest first" in run("events", "--help").output
    oldest = run("events", "--db", db, "--format", "jsonl", "--order", "date_asc")
    assert [json.loads(line)["event_id"] for line in oldest.stdout.splitlines()
            if line.startswith("{")] == ids[::-1]


# -- the dashboard's counts are of asserted events unless asked --------------------------


def test_api_counts_asserted_events_by_default(db):
    with TestClient(create_app(db, None)) as client:
        assert client.get("/api/stats").json()["events"] == 3
        assert client.get("/api/stats", params={"all_modalities": "true"}).json()["events"] == 4
        rows = client.get("/api/timeline", params={"by": "month"}).json()["rows"]
        assert sum(r["events"] for r in rows) == 3
        rows = client.get("/api/timeline", params={"by": "month",
                                                   "all_modalities": "true"}).json()["rows"]
        assert sum(r["events"] for r in rows) == 4
        bad = client.get("/api/events", params={"type": "PROTESTS"})
        assert bad.status_code == 422 and "PROTEST" in bad.json()["detail"]


# -- no silent empty databases ------------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["events"], ["stats"], ["export", "-o", "-"], ["trend", "BLR"], ["alerts"], ["network"],
    ["serve"], ["dedup"],
])
def test_read_only_commands_refuse_a_path_without_a_database(tmp_path, command):
    path = tmp_path / "typo.db"
    result = run(*command, "--db", str(path))
    assert result.exit_code == 1, result.output
    assert "E041" in result.output and "typo.db" in result.output
    assert not path.exists()


def test_an_empty_file_is_not_a_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    result = run("stats", "--db", str(path))
    assert result.exit_code == 1 and "E041" in result.output


def test_an_empty_trend_says_no_data_and_draws_nothing(db, tmp_path):
    chart = tmp_path / "chart.png"
    result = run("trend", "RUS", "--db", db, "--plot", str(chart))
    assert result.exit_code == 0
    assert "no data" in result.output
    assert not chart.exists()
