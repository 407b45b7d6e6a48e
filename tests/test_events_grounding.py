"""No invented events: business, accidents, disasters, illness and commentary yield none;
cancelled, requested and plotted acts are not asserted."""

from __future__ import annotations

import pytest

from tacitus.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


def types(pipeline, text):
    return [(e.event_type, e.modality) for e in pipeline.code_text(text, published="2022-05-02")]


@pytest.mark.parametrize("text", [
    "Strong diesel demand helped a jump in quarterly revenue at the retailer.",
    "The toy maker agreed a takeover by a rival manufacturer for 2 billion dollars.",
    "A typhoon has killed at least 41 people in the southern provinces, officials said.",
    "Floods have killed more than 200 people across the region since June.",
    "A gas explosion at a chemical plant killed nine workers on Tuesday.",
    "Four sailors died after a fishing boat hit a reef off the coast.",
    "Cholera has killed 90 people in the camps this month.",
    "I am not arguing that the two leaders should meet again.",
    "Analysts warned the economy needs deeper reforms to create jobs.",
    "Her pension was threatened by the merger.",
    "The company beefed up its sales force in Asia.",
    "The carmaker released a statement on the recall.",
])
def test_no_political_event(pipeline, text):
    assert types(pipeline, text) == []


def test_a_cancelled_meeting_is_a_refusal(pipeline):
    events = pipeline.code_text("Kenya has cancelled a meeting with envoys from Uganda.")
    assert [e.event_type for e in events] == ["REJECT"]
    assert events[0].source.country == "KEN"


def test_what_is_called_for_is_not_done(pipeline):
    found = types(pipeline, "The bombing drew calls from the union for a withdrawal of staff.")
    assert ("RETREAT", "asserted") not in found


def test_a_plotted_killing_is_planned(pipeline):
    found = types(pipeline, "Police uncovered a plot to assassinate the governor.")
    assert ("ASSAULT", "asserted") not in found


def test_real_attacks_and_warnings_are_kept(pipeline):
    assert ("ASSAULT", "asserted") in types(
        pipeline, "Gunmen killed four policemen at a checkpoint near Mosul on Monday.")
    assert ("THREATEN", "asserted") in types(
        pipeline, "The army warned the rebels it would attack their camps.")
    # a state dealing with a company is not ordinary business
    found = types(pipeline, "Brazil signed a supply deal with the steel company on Friday.")
    assert found
