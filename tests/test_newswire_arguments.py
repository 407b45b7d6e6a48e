"""Recipients and sources on newswire that the plain subject/object reading misses
(sentences written for these tests)."""

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


def test_conditional_threat_is_aimed_at_the_party_of_the_condition(code):
    threat = _first(code("The captors threatened to kill the engineer within three days "
                         "unless the Italian government frees their leaders."), "THREATEN")
    assert threat.target is not None
    assert (threat.target.country, threat.target.sector) == ("ITA", "GOV")


def test_threat_without_condition_keeps_its_object(code):
    threat = _first(code("Rebels threatened to attack the Nigerian army."), "THREATEN")
    assert threat.target is not None and threat.target.country == "NGA"
