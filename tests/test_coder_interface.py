"""One coder interface: the `Coder` protocol, the registry (short and full names, the
settings handed to factories), the shared argument stage, and `--coder` on every command
and the API."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.coding.arguments import EventBuilder
from tacitus.coding.base import Coder
from tacitus.config import Settings
from tacitus.errors import TacitusError
from tacitus.events import find_mentions
from tacitus.pipeline import Pipeline
from tacitus.registry import coders, get_coder, resolve_coder_name

runner = CliRunner()
TEXT = ("Riot police detained 40 students in Minsk on Monday. "
        "The Zorblax Collective condemned the arrests.\n")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


class RetypingCoder:
    """A plugin that keeps the rules' triggers and arguments but calls every event a
    protest: what a learned model does when it overrules the lexicon."""

    name = "retyping"
    version = "retyping-0.1"

    def __init__(self, settings: Settings | None = None):
        self.settings = settings
        self.builder = EventBuilder()

    def code(self, document, doc, offset=0):
        found = []
        for sent in doc.sents:
            for mention in find_mentions(sent):
                mention.event_type, mention.mode, mention.cameo = "PROTEST", None, None
                found.append((sent, mention))
        return self.builder.events(document, doc, found, offset=offset, coder=self.version)


coders.register("retyping.test", func=RetypingCoder)


def test_short_and_full_names_resolve_and_unknown_names_list_the_valid_ones():
    assert resolve_coder_name("rules") == "rules.v1"
    assert resolve_coder_name("Rules.v1") == "rules.v1"
    assert resolve_coder_name("retyping") == "retyping.test"
    with pytest.raises(TacitusError) as err:
        resolve_coder_name("oracle")
    assert err.value.code == "E052"
    text = str(err.value)
    assert "'oracle'" in text and "rules" in text and "rules.v1" in text and "\n" not in text


def test_rules_coder_meets_the_protocol_and_gets_the_settings():
    settings = Settings.load(coder="rules")
    coder = get_coder("rules", settings)
    assert isinstance(coder, Coder)
    assert coder.name == "rules" and coder.version == "rules-1.0"
    assert coder.settings is settings


def test_pipeline_hands_its_one_settings_object_to_the_factory():
    settings = Settings.load(coder="retyping")
    pipeline = Pipeline(settings)
    assert pipeline.coder.settings is settings
    events = pipeline.code_text(TEXT)
    assert events and {e.coder for e in events} == {"retyping-0.1"}


def test_a_plugin_reuses_the_argument_stage_unchanged(pipeline):
    rules = pipeline.code_text(TEXT, published="2021-03-02")
    retyped = next(pipeline.code([_doc(TEXT)], coder="retyping")).events
    assert [e.event_type for e in retyped] == ["PROTEST"] * len(rules)
    arrest = next(e for e in rules if e.event_type == "COERCE")
    same = next(e for e in retyped if e.evidence.trigger == arrest.evidence.trigger)
    assert same.source == arrest.source and same.target == arrest.target
    assert same.location == arrest.location
    # Counts follow the event type the coder gives (quantities_events.tsv): the same
    # stage gives the arrest its 40 arrests and the protest none.
    assert arrest.quantities.arrests.min == 40 and same.quantities.arrests is None
    assert arrest.coder == "rules-1.0"


def _doc(text):
    from datetime import date

    from tacitus.records import Document

    return Document.from_text(text, published=date(2021, 3, 2))


def test_pipeline_codes_with_a_named_coder_and_rejects_unknown_ones(pipeline):
    assert pipeline.coder_for("rules") is pipeline.coder
    with pytest.raises(TacitusError, match="E052"):
        next(pipeline.code([_doc(TEXT)], coder="oracle"))


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_code_takes_a_coder(report):
    result = runner.invoke(app, ["code", str(report), "--coder", "retyping", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    events = _jsonl(result.stdout)
    assert events and {e["event_type"] for e in events} == {"PROTEST"}
    rules = _jsonl(runner.invoke(app, ["code", str(report), "--coder", "rules", "-f", "jsonl"]).stdout)
    assert "COERCE" in {e["event_type"] for e in rules}


def test_unknown_coder_is_one_line_before_anything_loads(report):
    script = Path(sys.executable).with_name("tacitus")
    done = subprocess.run([str(script), "code", str(report), "--coder", "oracle"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("E052:") and "rules" in lines[0]


def test_ingest_takes_a_coder(tmp_path, report):
    db = tmp_path / "events.db"
    result = runner.invoke(app, ["ingest", str(report), "--db", str(db), "-q",
                                 "--coder", "retyping"])
    assert result.exit_code == 0, result.output
    from tacitus.store import Store

    stored = Store(str(db)).events()
    assert stored and {e.coder for e in stored} == {"retyping-0.1"}
    bad = runner.invoke(app, ["ingest", str(report), "--db", str(db), "-q", "--coder", "oracle"])
    assert bad.exit_code != 0 and isinstance(bad.exception, TacitusError)


def test_eval_takes_a_coder(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "doc_id": "g1", "published": "2021-03-02", "text": TEXT,
        "events": [{"event_type": "COERCE", "mode": "arrest", "modality": "asserted",
                    "evidence": "detained"}]}) + "\n", encoding="utf-8")
    scores = {}
    for name in ("rules", "retyping"):
        result = runner.invoke(app, ["eval", str(gold), "--coder", name, "--json"])
        assert result.exit_code == 0, result.output
        scores[name] = json.loads(result.stdout)["events"]["tp"]
    assert scores == {"rules": 1, "retyping": 0}


def test_api_code_endpoint_takes_a_coder(tmp_path, pipeline):
    from tacitus.api.app import create_app

    url = f"sqlite:///{tmp_path / 'api.db'}"
    with TestClient(create_app(url, "t0ken", False, pipeline_factory=lambda: pipeline)) as client:
        plain = client.post("/api/code", json={"text": TEXT})
        retyped = client.post("/api/code", json={"text": TEXT, "coder": "retyping"})
        unknown = client.post("/api/code", json={"text": TEXT, "coder": "oracle"})
    assert plain.status_code == 200 and retyped.status_code == 200
    assert "COERCE" in {e["event_type"] for e in plain.json()["events"]}
    assert {e["event_type"] for e in retyped.json()["events"]} == {"PROTEST"}
    assert unknown.status_code == 422 and "E052" in unknown.text
