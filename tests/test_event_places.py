"""The place of an event on newswire: countries acted on, places inside actor phrases,
datelines refining a country, headlines completed by their lead (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from tacitus.coding.headline import headline_bounds


@pytest.fixture(scope="module")
def code():
    from tacitus.pipeline import Pipeline

    pipeline = Pipeline()
    return lambda text: pipeline.code_text(text, published="2021-03-01")


def _one(events, event_type):
    found = [e for e in events if e.event_type == event_type]
    assert found, f"no {event_type} in {[e.event_type for e in events]}"
    return found


def test_country_troops_are_sent_into_is_target_and_place(code):
    [move] = _one(code("Turkey sent troops into Syria on Monday."), "MOBILIZE")
    assert move.target is not None and move.target.country == "SYR"
    assert move.location is not None and move.location.country == "SYR"


def test_place_inside_the_actor_phrase_places_the_event(code):
    [taking] = _one(code("A criminal gang in northern Mexico kidnapped two engineers on Monday."),
                    "ASSAULT")
    assert taking.location is not None and taking.location.country == "MEX"


def test_place_of_the_trigger_beats_the_actors_place(code):
    [arrest] = _one(code("Police from Nairobi arrested six men in Mombasa on Friday."), "COERCE")
    assert arrest.location.name == "Mombasa"


def test_town_after_port_of_is_found(code):
    events = code("Rebels plotted to kill the governor during his stopover in the port of "
                  "Mombasa last week.")
    assert any(e.location is not None and e.location.name == "Mombasa" for e in events)


def test_state_as_subject_is_not_the_place_of_what_it_says(code):
    [attack] = _one(code("Russia says it bombed rebel positions"), "ASSAULT")
    assert attack.location is None or attack.location.country != "RUS"


def test_dateline_refines_a_country_level_place():
    from tacitus.pipeline import Pipeline

    events = Pipeline().code_text(
        "Blast Kills 5 in Pakistan\n\nQUETTA, Pakistan (Reuters) - A bomb killed five "
        "people in a market on Monday, police said.", published="2021-03-01")
    heads = [e for e in events if e.evidence.trigger == "Kills"]
    assert heads and heads[0].location.name == "Quetta"
    assert heads[0].location.precision == "city"


def test_headline_takes_actors_and_place_from_its_lead(code):
    events = code("Curfew imposed\n\nThe Kenyan government imposed a curfew in Mombasa on "
                  "Friday after clashes between rival gangs.")
    head = [e for e in events if e.event_type == "COERCE" and e.evidence.start == 0]
    assert head, events
    assert (head[0].source.country, head[0].source.sector) == ("KEN", "GOV")
    assert head[0].location.name == "Mombasa"


def test_headline_word_resolving_to_nothing_gives_way_to_the_leads_actor(code):
    events = code("Twelve Arrested at Rally\n\nPolice in Nairobi arrested twelve opposition "
                  "supporters on Sunday.")
    head = [e for e in events if e.evidence.start == 0 and e.event_type == "COERCE"]
    assert head and head[0].target is not None
    assert (head[0].target.country, head[0].target.sector) == ("KEN", "OPP")


@pytest.mark.parametrize("text, found", [
    ("Talks Collapse\n\nThe two sides walked out on Friday.", True),
    ("Talks collapse.\n\nThe two sides walked out on Friday.", False),   # a sentence
    ("The two sides walked out on Friday.", False),                       # one paragraph
])
def test_headline_is_a_short_first_paragraph_not_a_sentence(text, found):
    assert (headline_bounds(text) is not None) is found
