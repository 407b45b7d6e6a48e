"""ISO 3166 country names and numbers (pycountry), cached."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=512)
def _country(iso3: str):
    import pycountry

    return pycountry.countries.get(alpha_3=iso3.upper())


def country_name(iso3: str | None) -> str | None:
    """Common English name ("Russia", not "Russian Federation") or None for IGO/NGO/unknown."""
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
