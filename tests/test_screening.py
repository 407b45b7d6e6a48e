"""The hybrid coder's screening: a cheap model on static word-piece vectors reads every
sentence first, the full encoder only where its reading may change what is coded. Users
rely on two things: the events are those the full reading gives, and news with no political
event costs no full reading."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tacitus.learn.encoder import STATIC, STATIC_DIMENSIONS, encode
from tacitus.learn.model import SCREEN, EventClassifier, load_model_dir

NEWS = [
    "Riot police fired tear gas at hundreds of farmers blocking a highway outside Lahore.",
    "Gunmen kidnapped a village chief and two of his guards in Kaduna state on Saturday.",
    ("Soldiers and rebels fought for the control of a border town in North Kivu on Sunday. "
     "Eleven fighters were killed, the army said."),
    "The prime minister of Spain met the president of Morocco in Rabat to discuss migration.",
    "Thousands marched peacefully through Santiago to demand higher pensions.",
    "Police arrested 23 opposition supporters in Harare after the rally.",
    "Israel and Egypt signed an agreement on gas exports.",
    "The opposition accused the government of rigging the vote.",
]

QUIET = [
    "Shares of the carmaker rose 4 percent after it raised its profit forecast.",
    "The home side scored twice in the second half to win the cup final.",
    "Heavy rain is expected along the coast over the weekend.",
]


@pytest.fixture(scope="module")
def pipeline():
    from tacitus.pipeline import Pipeline

    return Pipeline(coder="hybrid")


def _coded(pipeline, texts):
    from tacitus.records import Document

    docs = [Document(doc_id=f"d{i}", text=t, published="2024-05-01") for i, t in enumerate(texts)]
    return [(e.doc_id, e.event_type, e.mode, e.acled.sub_event_type if e.acled else None,
             e.source.name if e.source else None, e.target.name if e.target else None)
            for outcome in pipeline.code(docs) for e in outcome.events]


def _full_reads(pipeline, monkeypatch) -> list[str]:
    read = []
    classifier = pipeline.coder.classifier
    original = classifier.predict

    def counting(texts):
        read.extend(texts)
        return original(texts)

    monkeypatch.setattr(classifier, "predict", counting)
    return read


def test_the_shipped_model_screens_with_the_static_encoder():
    model = load_model_dir(None)
    assert model.screen is not None and model.screen.encoder == STATIC
    assert model.screen.meta["examples"] == model.meta["examples"]   # the same corpus


def test_screened_coding_gives_the_events_of_the_full_reading(pipeline, monkeypatch):
    screened = _coded(pipeline, NEWS)
    assert {t for _, t, *_ in screened} >= {"PROTEST", "ASSAULT", "COERCE", "CONSULT"}
    monkeypatch.setattr(pipeline.coder, "screen", None)
    assert _coded(pipeline, NEWS) == screened


def test_news_without_a_political_event_costs_no_full_reading(pipeline, monkeypatch):
    read = _full_reads(pipeline, monkeypatch)
    assert _coded(pipeline, QUIET) == []
    assert read == []
    monkeypatch.setattr(pipeline.coder, "screen", None)       # unscreened: every sentence
    _coded(pipeline, QUIET)
    assert len(read) >= len(QUIET)


def test_a_sentence_whose_sub_type_is_at_stake_is_read_in_full(pipeline, monkeypatch):
    read = _full_reads(pipeline, monkeypatch)
    coded = _coded(pipeline, [NEWS[1]])
    assert [c[3] for c in coded] == ["Abduction/forced disappearance"]
    assert read == [NEWS[1]]


def test_a_sentence_whose_sub_type_the_screen_is_sure_of_is_not_read_again(
        pipeline, monkeypatch):
    sure = "A suicide bomber blew himself up at a checkpoint in Kandahar, killing four soldiers."
    read = _full_reads(pipeline, monkeypatch)
    coded = _coded(pipeline, [sure])
    assert [c[3] for c in coded] == ["Suicide bomb"]
    assert read == []
    monkeypatch.setitem(pipeline.coder.t, "screen_sure", 2.0)     # never sure: read it again
    assert _coded(pipeline, [sure]) == coded
    assert read == [sure]


def test_the_static_encoder_gives_unit_vectors_independent_of_batch_mates():
    alone = encode([NEWS[0]], encoder=STATIC)
    among = encode([QUIET[0], NEWS[0], ""], encoder=STATIC)
    assert alone.shape == (1, STATIC_DIMENSIONS)
    assert abs(float((alone[0] ** 2).sum()) - 1) < 1e-5
    assert float(alone[0] @ among[1]) > 0.9999
    assert not among[2].any()                      # an empty text is a zero vector, no error


def test_train_writes_the_screen_and_no_screen_removes_it(tmp_path):
    from typer.testing import CliRunner

    from tacitus.cli.main import app

    gold = tmp_path / "gold.jsonl"
    rows = [{"doc_id": f"d{i}", "text": t,
             "events": [{"event_type": "COERCE", "mode": "arrest"}] if i < 2 else []}
            for i, t in enumerate(["Police detained four students in Quito.",
                                   "Police arrested a union leader in Lima.",
                                   "The club sold its striker for a record fee.",
                                   "Rain is expected across the coast on Friday."])]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["train", str(gold), "-o", str(tmp_path / "m"), "--cv", "0"])
    assert done.exit_code == 0, done.output
    model = EventClassifier.load(tmp_path / "m")
    assert model.screen is not None and model.screen.encoder == STATIC
    assert model.screen.version.endswith("-screen")
    done = runner.invoke(app, ["train", str(gold), "-o", str(tmp_path / "m"), "--cv", "0",
                               "--no-screen"])
    assert done.exit_code == 0, done.output
    assert not (tmp_path / "m" / SCREEN).exists()
    assert EventClassifier.load(tmp_path / "m").screen is None


def test_a_sub_type_the_screen_confirms_is_not_read_again(pipeline, monkeypatch):
    # the code map says "Peaceful protest" and the screen agrees with no rival label
    confirmed = "Hundreds of nurses rallied peacefully outside the health ministry in Accra."
    read = _full_reads(pipeline, monkeypatch)
    coded = _coded(pipeline, [confirmed])
    assert [c[3] for c in coded] == ["Peaceful protest"]
    assert read == []
    monkeypatch.setitem(pipeline.coder.t, "screen_confirm", 2.0)  # never confirms: read it
    assert _coded(pipeline, [confirmed]) == coded
    assert read == [confirmed]


def test_a_sub_type_with_a_rival_in_the_screen_is_read_again(pipeline, monkeypatch):
    # the screen gives "Protest with intervention" a third beside the code map's "Arrests"
    rival = "Police in Dhaka detained the leader of an opposition party on Monday."
    read = _full_reads(pipeline, monkeypatch)
    assert [c[1] for c in _coded(pipeline, [rival])] == ["COERCE"]
    assert read == [rival]


def test_a_proposal_read_from_its_clause_costs_no_reading_of_its_sentence(
        pipeline, monkeypatch):
    # as if the screen flagged every sentence of a text with no rules mention
    monkeypatch.setitem(pipeline.coder.t, "screen_propose", 0.0)
    read = _full_reads(pipeline, monkeypatch)
    reported = "The retailer said it would open three new stores in Ohio next year."
    plain = "The retailer opened three new stores in Ohio last year."
    _coded(pipeline, [f"{reported} Shares closed higher. {plain}"])
    assert plain in read                          # read whole: a proposal rests on it
    assert reported not in read                   # judged by its clause's reading alone
    assert "Shares closed higher." not in read    # too short for a proposal
    assert any("would open three new stores" in r for r in read)   # the clause is read


def test_a_long_text_is_read_by_the_screen_as_its_first_word_pieces():
    from tacitus.learn.encoder import HEAD_CHARS, MAX_WORDPIECES, load_encoder

    static = load_encoder(STATIC)
    long_text = " ".join(NEWS + QUIET) * 4                 # far beyond HEAD_CHARS
    assert len(long_text) > 2 * HEAD_CHARS
    ids = static.model.tokenizer.encode(long_text, add_special_tokens=False).ids
    expected = static.table[ids[:MAX_WORDPIECES]].mean(axis=0)
    expected /= np.linalg.norm(expected)
    assert np.allclose(encode([long_text], encoder=STATIC)[0], expected, atol=1e-6)
    # a head with too few word pieces (long runs of characters, one piece each) falls
    # back to the whole text
    run_on = "x" * 600 + " " + "y" * 600 + " " + " ".join(NEWS)
    ids = static.model.tokenizer.encode(run_on, add_special_tokens=False).ids
    expected = static.table[ids[:MAX_WORDPIECES]].mean(axis=0)
    expected /= np.linalg.norm(expected)
    assert len(ids) > 100
    assert np.allclose(encode([run_on], encoder=STATIC)[0], expected, atol=1e-6)
