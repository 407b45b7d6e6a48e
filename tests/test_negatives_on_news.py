"""Sentences where a careless coder asserts an event that did not happen: denied reports,
plans, sports results (sentences written for these tests)."""

from __future__ import annotations

import pytest
from conftest import first_event


@pytest.mark.parametrize("text", [
    "The interior ministry denied reports that police had beaten detainees in Minsk.",
    "The army dismissed allegations that its soldiers had burned homes in the north.",
])
def test_an_act_in_a_denied_claim_is_negated(code, text):
    assault = first_event(code(text), "ASSAULT")
    assert assault.modality == "negated"


def test_a_ban_under_consideration_is_not_asserted(code):
    coerce = first_event(code("The cabinet is considering a ban on the main opposition party."),
                         "COERCE")
    assert coerce.modality != "asserted"


@pytest.mark.parametrize("text", [
    "Portugal beat Spain 3-2 in Lisbon on Wednesday.",
    "Two late goals helped Kenya defeat Uganda in the Cecafa Cup final.",
])
def test_a_sports_result_is_no_attack(code, text):
    assert not [e for e in code(text) if e.event_type == "ASSAULT"]


def test_beating_people_during_a_match_is_still_an_assault(code):
    first_event(code("Police beat two fans outside the stadium after the match in Cairo."),
                "ASSAULT")


def test_a_crowd_occupying_or_storming_is_a_protest(code):
    protest = first_event(code("Striking workers occupied the port of Mombasa on Monday."),
                          "PROTEST")
    assert protest.mode == "obstruct"
    protest = first_event(code("Angry demonstrators stormed the governor's office in Basra."),
                          "PROTEST")
    assert protest.mode == "riot"


def test_troops_storming_a_camp_is_still_an_assault(code):
    first_event(code("Special forces stormed a rebel camp near Kidal."), "ASSAULT")
