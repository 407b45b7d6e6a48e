"""Agentless legal acts on newswire ("X was charged", "a man accused of ...", "are barred
from office"): the one who acts is the unnamed authority, with the country the text gives
it (sentences written for these tests)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def code():
    from tacitus.pipeline import Pipeline

    pipeline = Pipeline()
    return lambda text: pipeline.code_text(text, published="2021-03-01")


def _first(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[e.event_type for e in events]}"
    return found[0]


def test_charged_without_agent_is_by_the_courts_of_the_place(code):
    accuse = _first(code("MADRID (Reuters) - Three Spanish men were charged on Tuesday with "
                         "plotting attacks on railway stations."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector == "JUD"
    assert accuse.source.country == "ESP"


def test_state_body_named_in_the_sentence_gives_the_authority_country(code):
    accuse = _first(code("Two Chilean sailors will be charged with smuggling this week as "
                         "the US Navy opens hearings at a base in Spain."), "ACCUSE")
    assert accuse.source is not None and accuse.source.country == "USA"


def test_soldier_accused_abroad_is_accused_by_own_state(code):
    accuse = _first(code("BERLIN - A British army sergeant accused of abusing prisoners in "
                         "Basra appeared at a hearing on Monday."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector == "JUD"
    assert accuse.source.country == "GBR"


def test_named_accuser_is_kept(code):
    accuse = _first(code("Prosecutors in Lima charged the former mayor with fraud on Monday."),
                    "ACCUSE")
    assert accuse.source is not None and accuse.source.text != "charged"
    assert accuse.source.country == "PER"


def test_accusation_by_a_named_party_in_active_voice_gets_no_implied_court(code):
    accuse = _first(code("The opposition accused the prime minister of lying."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector != "JUD"
