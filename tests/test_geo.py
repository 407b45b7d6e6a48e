"""tacitus.geo: geocoding place names and finding the place of an event."""

import pytest

from tacitus.geo import Geocoder
from tacitus.nlp import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture(scope="module")
def geocoder():
    return Geocoder()


def locate(nlp, geocoder, text, trigger=None, exclude_words=()):
    sent = next(iter(nlp(text).sents))
    trig = next(t for t in sent if t.text == trigger) if trigger else None
    exclude = [e for e in sent.ents if e.text in exclude_words]
    return geocoder.locate(sent, exclude=exclude, trigger=trig)


def test_geocodes_alternate_city_names(geocoder):
    loc = geocoder.geocode("Grodno")
    assert (loc.name, loc.country, loc.precision) == ("Hrodna", "BLR", "city")


def test_kiev_and_kyiv_are_the_same_city(geocoder):
    assert geocoder.geocode("Kiev").geonameid == geocoder.geocode("Kyiv").geonameid
    assert geocoder.geocode("Kiev").country == "UKR"


def test_countries_and_aliases(geocoder):
    assert geocoder.geocode("Belarus").precision == "country"
    assert geocoder.geocode("Britain").country == "GBR"
    assert geocoder.geocode("U.S.").country == "USA"


def test_us_state_is_admin1(geocoder):
    loc = geocoder.geocode("Texas")
    assert (loc.country, loc.precision, loc.admin1) == ("USA", "admin1", "Texas")


def test_ambiguous_name_takes_the_largest_city(geocoder):
    assert geocoder.geocode("Paris").country == "FRA"


def test_common_words_are_not_places(geocoder):
    for word in ("police", "Police", "of", "most", "nice", "reading"):
        assert geocoder.geocode(word) is None, word


def test_city_of_the_event(nlp, geocoder):
    loc = locate(nlp, geocoder, "At least 140 people were arrested in Minsk on Sunday.", "arrested")
    assert (loc.name, loc.country, loc.precision) == ("Minsk", "BLR", "city")
    assert loc.lat == pytest.approx(53.9, abs=0.1)
    assert loc.text == "Minsk"


def test_country_of_the_event(nlp, geocoder):
    loc = locate(nlp, geocoder, "Protests took place across Belarus.", "Protests")
    assert (loc.country, loc.precision) == ("BLR", "country")


def test_actors_are_not_locations(nlp, geocoder):
    assert locate(nlp, geocoder, "Russia imposed sanctions on Ukraine.", "imposed",
                  exclude_words=("Russia",)) is None


def test_kyiv_spellings(nlp, geocoder):
    for text in ("Police fired tear gas during clashes in Kyiv.",
                 "Police fired tear gas during clashes in Kiev."):
        assert locate(nlp, geocoder, text, "clashes").country == "UKR"


def test_city_with_country_narrows_and_beats_the_country(nlp, geocoder):
    loc = locate(nlp, geocoder, "Police dispersed protesters in Paris, France.", "dispersed")
    assert (loc.name, loc.country) == ("Paris", "FRA")
    loc = locate(nlp, geocoder, "A rally was held in Paris, Texas.", "rally")
    assert (loc.country, loc.admin1) == ("USA", "Texas")
    loc = locate(nlp, geocoder, "Protesters gathered in Minsk, Belarus, on Sunday.", "gathered")
    assert (loc.name, loc.precision) == ("Minsk", "city")


def test_place_noun_chains(nlp, geocoder):
    loc = locate(nlp, geocoder,
                 "A car bomb outside the city of Tikrit killed two guards.", "killed")
    assert loc.country == "IRQ"


def test_place_of_reporting_is_not_the_event_place(nlp, geocoder):
    loc = locate(nlp, geocoder,
                 "Relief officials in Nairobi said rebels attacked the garrison.", "attacked")
    assert loc is None


def test_demonyms_are_not_locations(nlp, geocoder):
    assert locate(nlp, geocoder, "Belarusian police arrested dozens of students.", "arrested") is None


def test_offsets_index_the_document(nlp, geocoder):
    text = "Thousands of people marched in Grodno on Sunday."
    loc = locate(nlp, geocoder, text, "marched")
    assert text[loc.start:loc.end] == "Grodno"
    assert loc.name == "Hrodna"


def test_lowercase_pronoun_us_is_not_the_united_states(geocoder):
    assert geocoder.geocode("us") is None
    assert geocoder.geocode("US").country == "USA"


def test_provinces_of_other_countries_are_admin1(geocoder):
    loc = geocoder.geocode("Bihar")
    assert (loc.country, loc.precision) == ("IND", "admin1")


def test_leading_direction_words_are_dropped(nlp, geocoder):
    loc = locate(nlp, geocoder, "Soldiers clashed with rebels in southern Lebanon.", "clashed")
    assert (loc.country, loc.precision) == ("LBN", "country")


def test_countries_get_a_map_point_with_country_precision():
    from tacitus.geo import Geocoder

    place = Geocoder().geocode("Belarus")
    assert place.precision == "country" and place.country == "BLR"
    assert 51 < place.lat < 56.5 and 23 < place.lon < 33   # inside Belarus
