"""The rules coder as a whole: fields assembled from the stages, with evidence."""

from __future__ import annotations

import pytest

from tacitus.config import Settings
from tacitus.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def one(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[e.event_type for e in events]}"
    return found[0]


def test_issue_is_not_an_actor(pipeline):
    events = pipeline.code_text("Thousands of people marched through central Minsk on Sunday "
                                "to demand new elections.", published="2025-03-10")
    protest = one(events, "PROTEST")
    assert protest.target is None
    assert protest.location.name == "Minsk" and protest.location.country == "BLR"
    assert str(protest.date) == "2025-03-09"


def test_domestic_agent_takes_the_country_of_the_place(pipeline):
    events = pipeline.code_text("Police detained 30 protesters in Hrodna on Saturday.",
                                published="2021-05-04")
    arrest = one(events, "COERCE")
    assert arrest.source.code == "BLRCOP"
    assert "location" in arrest.source.resolved_by
    assert arrest.target.sector == "CVL"


def test_unknown_actor_keeps_text_and_null_country(pipeline):
    events = pipeline.code_text("The Zorblax Collective condemned the decision.")
    accuse = one(events, "ACCUSE")
    assert accuse.source.text == "The Zorblax Collective"
    assert accuse.source.country is None and accuse.source.code is None


def test_offsets_survive_chunking_and_line_breaks():
    pipeline = Pipeline(Settings.load(chunk_chars=300))
    filler = "Officials described the weather as mild and pleasant.\n\n" * 12
    text = filler + "Riot police detained\n25 students in Minsk on Monday.\n"
    events = pipeline.code_text(text, published="2020-09-01")
    arrest = one(events, "COERCE")
    assert text[arrest.evidence.start:arrest.evidence.end] == arrest.evidence.sentence
    assert text[arrest.evidence.trigger_start:arrest.evidence.trigger_end] == "detained"
    assert text[arrest.source.start:arrest.source.end] == arrest.source.text
    assert arrest.evidence.start > len(filler) - 5


def test_several_events_in_one_sentence_and_compound_actor(pipeline):
    events = pipeline.code_text("Russia and Belarus met in Moscow and agreed on a $1 billion loan.",
                                published="2020-09-14")
    types = [e.event_type for e in events]
    assert "AGREE" in types and len(events) >= 2
    agree = one(events, "AGREE")
    assert agree.source.text == "Russia and Belarus"
    assert {m.country for m in agree.source.members} == {"RUS", "BLR"}
    assert agree.quantities.money.amount == 1e9


def test_arrest_by_an_unplaced_agent_is_by_police(pipeline):
    # Only security forces arrest: "we" in a police officer's quote, a surname never
    # introduced, are police; a planned arrest gets no implied agent.
    events = pipeline.code_text('"We have arrested six men who broke the curfew," the officer '
                                "told reporters in Jaipur.", published="2019-05-04")
    assert one(events, "COERCE").source.sector == "COP"
    events = pipeline.code_text("The marchers may be arrested if they enter the square.",
                                published="2019-05-04")
    assert all(e.source is None or e.source.sector != "COP" for e in events)


def test_troops_arresting_stay_military(pipeline):
    events = pipeline.code_text("Soldiers arrested three men at a checkpoint near Kandahar.",
                                published="2019-05-04")
    assert one(events, "COERCE").source.sector == "MIL"
