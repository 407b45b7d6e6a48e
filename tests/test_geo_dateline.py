"""Datelines: where a wire story was filed, never an actor."""

from __future__ import annotations

import pytest

from tacitus.geo.dateline import blank_dateline, dateline_location, find_dateline


@pytest.mark.parametrize("text, places, region, agency", [
    ("MOSUL, Iraq - Gunmen fired on a checkpoint.", ["MOSUL"], "Iraq", None),
    ("PARIS (Reuters) - Farmers blocked roads.", ["PARIS"], None, "Reuters"),
    ("QUETTA, Pakistan Jan. 4, 2005 - Police arrested two men.", ["QUETTA"], "Pakistan", None),
    ("DENVER/CHICAGO (Reuters) - Nurses went on strike.", ["DENVER", "CHICAGO"], None, "Reuters"),
    ("THE HAGUE (AP) -- Judges met.", ["THE HAGUE"], None, "AP"),
    ("Headline here\n\nLIMA, 3 March (IRIN) - Miners marched.", ["LIMA"], None, "IRIN"),
    ("Title\n\nAFP - The minister resigned.", [], None, "AFP"),
])
def test_dateline_forms(text, places, region, agency):
    found = find_dateline(text)
    assert found is not None
    assert [p for p, _ in found.places] == places
    assert found.region == region and found.agency == agency
    for written, at in found.places:
        assert text[at:at + len(written)] == written


@pytest.mark.parametrize("text", [
    "Police arrested two men in Quetta - a city in the west.",
    "NATO ministers met on Friday.",
    "LIBYA: rebels advance on the port",
    "Some say - wrongly - that talks failed.",
])
def test_ordinary_sentences_are_not_datelines(text):
    assert find_dateline(text) is None


def test_location_uses_the_region_to_pick_the_city():
    loc = dateline_location(find_dateline("PARIS, Texas (AP) - A jury convicted a man."))
    assert (loc.name, loc.country, loc.admin1, loc.precision) == ("Paris", "USA", "Texas", "city")
    loc = dateline_location(find_dateline("ANNAPOLIS, Md. - Lawmakers voted."))
    assert (loc.name, loc.country, loc.admin1) == ("Annapolis", "USA", "Maryland")
    loc = dateline_location(find_dateline("NEW YORK (Reuters) - Workers walked out."))
    assert (loc.country, loc.precision) == ("USA", "city")


def test_several_places_give_their_country_or_nothing():
    same = dateline_location(find_dateline("DENVER/CHICAGO (Reuters) - Nurses struck."))
    assert (same.country, same.precision) == ("USA", "country")
    assert dateline_location(find_dateline("LIMA/QUITO (Reuters) - Talks ended.")) is None


def test_small_town_is_found_in_the_region_country():
    loc = dateline_location(find_dateline("SZCZAWNICA, Poland (Reuters) - Leaders met."))
    assert (loc.name, loc.country, loc.precision) == ("Szczawnica", "POL", "city")


def test_unknown_place_keeps_its_words_and_the_country():
    loc = dateline_location(find_dateline("CAMP ZORBLAX BASE, Kuwait - Soldiers drilled."))
    assert (loc.name, loc.country, loc.precision) == ("CAMP ZORBLAX BASE", "KWT", "unknown")


def test_blanking_keeps_length_and_the_lead():
    text = "Title\n\nMOSUL, Iraq - Gunmen fired on a checkpoint."
    blanked = blank_dateline(text)
    assert len(blanked) == len(text) and "MOSUL" not in blanked
    assert blanked.endswith("Gunmen fired on a checkpoint.")
def test_dateline_places_are_not_actors_and_place_the_event():
    from tacitus.pipeline import Pipeline

    events = Pipeline().code_text(
        "Clashes in the north\n\nMOSUL, Iraq (Reuters) - Police arrested 12 protesters "
        "on Sunday, officials said.", published="2021-03-01")
    [arrest] = [e for e in events if e.event_type == "COERCE"]
    assert arrest.source is not None and arrest.source.country == "IRQ"
    assert "MOSUL" not in (arrest.source.text or "") and "Reuters" not in (arrest.source.text or "")
    assert arrest.location is not None and arrest.location.name == "Mosul"
