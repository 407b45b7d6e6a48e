"""The place of an event on newswire: countries acted on, places inside actor phrases,
datelines refining a country, headlines completed by their lead (sentences written for
these tests)."""

from __future__ import annotations

import pytest

from tacitus.coding.headline import headline_bounds


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


# --- actor countries and sectors on newswire ------------------------------------------

def test_unplaced_domestic_agent_takes_the_one_country_of_the_storys_actors(code):
    events = code("The Labour Party demanded new elections on Monday. German soldiers "
                  "later fired on a crowd of protesters.")
    [demand] = _one(events, "REQUEST")
    assert (demand.source.country, demand.source.sector) == ("DEU", "PTY")


def test_actors_of_two_countries_give_an_unplaced_agent_none(code):
    events = code("The Labour Party demanded new elections on Monday. German soldiers and "
                  "French police later fired on a crowd of protesters.")
    [demand] = _one(events, "REQUEST")
    assert demand.source.country is None


def test_curfew_with_no_agent_is_imposed_by_the_government_of_the_place(code):
    [curfew] = _one(code("A curfew was imposed in Mombasa after the clashes."), "COERCE")
    assert (curfew.source.country, curfew.source.sector) == ("KEN", "GOV")


@pytest.mark.parametrize("text", [
    "Riots between Hindus and Muslims erupted on Friday.",
    "Russia and Belarus agreed to build a pipeline.",
])
def test_group_acting_on_one_another_is_also_the_target(code, text):
    [event] = [e for e in code(text) if e.event_type in ("PROTEST", "AGREE")]
    assert event.target is not None and len(event.target.members) == 2
    assert {m.text for m in event.target.members} == {m.text for m in event.source.members}


def test_one_sided_group_act_keeps_no_target(code):
    [demo] = _one(code("Students and workers marched through the capital on Friday."),
                  "PROTEST")
    assert demo.target is None


def test_a_countrys_war_is_not_the_one_who_acts(code):
    events = code("The Kosovo war destroyed the alliance, the minister said.")
    assert not any(e.source is not None and e.source.country == "XKX"
                   and e.source.resolved_by == "dictionary" for e in events)


def test_a_countrys_plan_as_recipient_stands_for_that_country(code):
    [no] = _one(code("Serbia rejected a Croatian peace plan on Monday."), "REJECT")
    assert no.target is not None and no.target.country == "HRV"


def test_ap_state_abbreviation_is_the_state():
    from tacitus.geo import Geocoder

    place = Geocoder().geocode("Md.")
    assert (place.name, place.country, place.precision) == ("Maryland", "USA", "admin1")


def test_agent_placed_by_a_headline_state_acts_at_home(code):
    events = code("Ore. Board Meets in Secret\n\nThe state election board met behind closed "
                  "doors on Tuesday.")
    [meeting] = [e for e in _one(events, "CONSULT") if e.evidence.start > 0]
    assert (meeting.source.country, meeting.source.sector) == ("USA", "GOV")
    assert meeting.location is not None and meeting.location.country == "USA"


def test_state_named_bare_acts_through_its_government(code):
    [no] = _one(code("Iran rejected the European proposal on Monday."), "REJECT")
    assert (no.source.country, no.source.sector) == ("IRN", "GOV")


def test_state_acting_is_no_home_for_others(code):
    [aid] = _one(code("The United States supplied weapons to the rebels."), "AID")
    assert aid.location is None
    assert aid.target is not None and aid.target.country is None


def test_people_of_a_country_stay_no_government(code):
    [demo] = _one(code("Thousands of Kenyans marched through Nairobi on Friday."), "PROTEST")
    assert demo.source.sector != "GOV"


def test_text_named_after_a_city_is_no_place(code):
    [backing] = _one(code("The Brazilian Senate ratified the Ottawa treaty on Tuesday."),
                     "SUPPORT")
    assert backing.location is None or backing.location.country != "CAN"


def test_persons_country_in_a_possessive_is_no_place(code):
    events = code("Six men accused of plotting to kill Venezuela's Hugo Chavez have been "
                  "pardoned by Colombia's president.")
    [pardon] = _one(events, "CONCEDE")
    assert pardon.location is None or pardon.location.country != "VEN"


def test_headline_ending_in_a_quoted_word_is_a_headline():
    assert headline_bounds("Chile frees Pinochet 'bodyguards'\n\nSANTIAGO - Six men were "
                           "freed on Monday.") is not None
    assert headline_bounds("\"We will win,\" he said.'\n\nSANTIAGO - Six men were "
                           "freed on Monday.") is None


def test_the_one_place_a_sentence_names_is_kept_at_its_precision(code):
    [attack] = _one(code("The army said it attacked the car of a commander who was killed "
                         "in a Kandahar airstrike on Monday."), "ASSAULT")
    assert attack.location is not None and attack.location.name == "Kandahar"


def test_story_pointing_to_one_country_by_nationality_places_its_unplaced_events(code):
    [strike] = _one(code("A Hungarian pay row\n\nMiners went on strike on Monday over pay "
                         "cuts."), "PROTEST")
    assert strike.location is not None and strike.location.country == "HUN"


def test_story_pointing_to_two_countries_places_nothing_by_nationality(code):
    [strike] = _one(code("A Hungarian and Polish pay row\n\nMiners went on strike on Monday "
                         "over pay cuts."), "PROTEST")
    assert strike.location is None
