"""Agentless legal acts on newswire ("X was charged", "a man accused of ...", "are barred
from office"): the one who acts is the unnamed authority, with the country the text gives
it (sentences written for these tests)."""

from __future__ import annotations

from conftest import first_event


def test_charged_without_agent_is_by_the_courts_of_the_place(code):
    accuse = first_event(code("MADRID (Reuters) - Three Spanish men were charged on Tuesday with "
                         "plotting attacks on railway stations."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector == "JUD"
    assert accuse.source.country == "ESP"


def test_state_body_named_in_the_sentence_gives_the_authority_country(code):
    accuse = first_event(code("Two Chilean sailors will be charged with smuggling this week as "
                         "the US Navy opens hearings at a base in Spain."), "ACCUSE")
    assert accuse.source is not None and accuse.source.country == "USA"


def test_soldier_accused_abroad_is_accused_by_own_state(code):
    accuse = first_event(code("BERLIN - A British army sergeant accused of abusing prisoners in "
                         "Basra appeared at a hearing on Monday."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector == "JUD"
    assert accuse.source.country == "GBR"


def test_named_accuser_is_kept(code):
    accuse = first_event(code("Prosecutors in Lima charged the former mayor with fraud on Monday."),
                    "ACCUSE")
    assert accuse.source is not None and accuse.source.text != "charged"
    assert accuse.source.country == "PER"


def test_accusation_by_a_named_party_in_active_voice_gets_no_implied_court(code):
    accuse = first_event(code("The opposition accused the prime minister of lying."), "ACCUSE")
    assert accuse.source is not None and accuse.source.sector != "JUD"


def test_pardon_of_people_described_by_their_charge_is_no_new_accusation(code):
    events = code("Two journalists accused of insulting the king have been pardoned by the "
                  "Moroccan monarch.")
    assert [e.event_type for e in events] == ["CONCEDE"]


def test_people_described_by_their_charge_in_another_act_are_still_accused(code):
    # only clemency presupposes the charge; an appearance in court or a capture does not
    events = code("Two journalists accused of insulting the king appeared in court in Rabat.")
    first_event(events, "ACCUSE")
