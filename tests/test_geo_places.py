"""Places below the city list: provinces as news writes them, towns, homonyms."""

from __future__ import annotations

import pytest

from tacitus.geo import Geocoder


@pytest.fixture(scope="module")
def geocoder():
    return Geocoder()


@pytest.mark.parametrize("written, name, country, precision", [
    ("Helmand province", "Helmand", "AFG", "admin1"),     # ISO 3166-2 subdivision
    ("Anbar province", "Anbar", "IRQ", "admin1"),         # "Al Anbar" without the article
    ("Hasaka", "Hasaka", "SYR", "city"),                  # a written form, not "Al Ḩasakah"
    ("Basra", "Basrah", "IRQ", "city"),                   # the city beats a shortened province
    ("Kiev", "Kyiv", "UKR", "city"),                      # plain-ASCII gazetteer name kept
])
def test_provinces_and_cities_as_news_writes_them(geocoder, written, name, country, precision):
    loc = geocoder.geocode(written)
    assert (loc.name, loc.country, loc.precision) == (name, country, precision)


def test_province_word_picks_the_province_over_its_capital(geocoder):
    assert geocoder.geocode("Najaf").precision == "city"
    assert geocoder.geocode("Najaf province").precision == "admin1"


def test_small_towns_only_inside_the_documents_countries(geocoder):
    assert geocoder.geocode("Szczawnica") is None            # 7,000 people: not in the city list
    town = geocoder.geocode("Szczawnica", countries=frozenset({"POL"}))
    assert (town.country, town.precision) == ("POL", "city") and town.lat > 49


def test_document_countries_pick_among_homonyms(geocoder):
    assert geocoder.geocode("Hyderabad").country == "IND"
    assert geocoder.geocode("Hyderabad", countries=frozenset({"PAK"})).country == "PAK"
