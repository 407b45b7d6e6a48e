"""Common diplomatic and supply phrasing on newswire (sentences written for these tests)."""

from __future__ import annotations

from conftest import first_event


def test_spoke_by_phone_with_is_a_phone_consultation(code):
    consult = first_event(code("Japan's prime minister spoke by telephone with the South Korean "
                               "president on Tuesday."), "CONSULT")
    assert consult.mode == "phone"
    assert consult.target is not None and consult.target.country == "KOR"


def test_speaking_with_reporters_is_no_consultation(code):
    assert not [e for e in code("The foreign minister spoke with reporters after the vote.")
                if e.event_type == "CONSULT"]


def test_calling_up_reservists_is_a_mobilisation(code):
    mobilize = first_event(code("Serbia has called up two thousand army reservists."), "MOBILIZE")
    assert mobilize.source is not None and mobilize.source.country == "SRB"


def test_cutting_supplies_to_a_country_targets_that_country(code):
    threat = first_event(code("Russia's state oil company threatened on Monday to cut oil "
                              "supplies to Belarus."), "THREATEN")
    assert threat.target is not None and threat.target.country == "BLR"


def test_walking_off_the_job_is_a_strike(code):
    strike = first_event(code("About 3,000 miners walked off the job in Katowice on Tuesday."),
                         "PROTEST")
    assert strike.mode == "strike"


def test_dismissing_people_as_something_is_a_criticism(code):
    events = code("The interior minister dismissed the strikers as paid agitators.")
    accuse = first_event(events, "ACCUSE")
    assert accuse.target is not None and accuse.target.text == "the strikers"
    assert not [e for e in events if e.event_type == "REJECT"]
