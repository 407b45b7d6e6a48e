"""The fields a reviewer can judge, read from and written back into an Event.

A review stores these as a flat dict (`before`: the coder's values, `after`: the
reviewer's), so agreement can be counted field by field and a re-coded event compared
with its review. Writing values back re-derives what follows from them (CAMEO code,
Goldstein, QuadClass, ACLED type) so a corrected event is consistent in every export.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tacitus.filters import parse_day
from tacitus.records import EVENT_TYPES, Actor, Count, Event, Location, Modality, strip_nul

COUNTS = ("participants", "arrests", "fatalities", "injuries")
FIELDS = ("event_type", "mode", "modality", "date", "source_country", "source_sector",
          "target_country", "target_sector", "place", "place_country", *COUNTS)
CODE = re.compile(r"^[A-Z]{3}$")


class Correction(BaseModel):
    """A reviewer's values; only the fields given change (null: "none / unknown")."""

    model_config = ConfigDict(extra="forbid")

    event_type: str | None = None
    mode: str | None = Field(None, max_length=40)
    modality: Modality | None = None
    date: dt.date | None = None
    source_country: str | None = None
    source_sector: str | None = None
    target_country: str | None = None
    target_sector: str | None = None
    place: str | None = Field(None, max_length=200)
    place_country: str | None = None
    participants: int | None = Field(None, ge=0, le=10**9)
    arrests: int | None = Field(None, ge=0, le=10**9)
    fatalities: int | None = Field(None, ge=0, le=10**9)
    injuries: int | None = Field(None, ge=0, le=10**9)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        # the documents' rule (records.Document): PostgreSQL cannot hold or look up NUL
        return strip_nul(value) if isinstance(value, str) else value

    @field_validator("date", mode="before")
    @classmethod
    def _day(cls, value):
        return parse_day(value)

    @field_validator("event_type")
    @classmethod
    def _type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().upper()
        if value not in EVENT_TYPES:
            raise ValueError(f"unknown event type '{value}' (known: {', '.join(EVENT_TYPES)})")
        return value

    @field_validator("source_country", "source_sector", "target_country", "target_sector",
                     "place_country")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().upper()
        if not CODE.match(value):
            raise ValueError(f"'{value}' is not a three-letter code (ISO3 country, "
                             "IGO/NGO/IMG, or a CAMEO sector such as GOV)")
        return value

    @field_validator("mode", "place")
    @classmethod
    def _blank(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    def given(self) -> dict:
        """Only the fields the reviewer set, in the flat form of `values_of`."""
        values = self.model_dump(exclude_unset=True)
        if isinstance(values.get("date"), dt.date):
            values["date"] = values["date"].isoformat()
        return values


@lru_cache(maxsize=1)
def _codebook():
    from tacitus.coding.codebook import CodeBook

    return CodeBook()


def values_of(event: Event) -> dict:
    """The reviewable fields of an event, flat (None where the event has no value)."""
    q = event.quantities
    src, tgt, loc = event.source, event.target, event.location
    values = {
        "event_type": event.event_type, "mode": event.mode, "modality": event.modality,
        "date": event.date.isoformat() if event.date else None,
        "source_country": src.country if src else None,
        "source_sector": src.sector if src else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "place": loc.name if loc else None, "place_country": loc.country if loc else None,
    }
    for name in COUNTS:
        count = getattr(q, name)
        values[name] = count.min if count is not None else None
    return values


def merged_values(before: dict, correction: Correction) -> dict:
    """`before` with the correction applied; a mode the new type does not have is dropped."""
    given = correction.given()
    after = {**before, **given}
    if "event_type" in given and "mode" not in given and after.get("mode"):
        try:
            modes = _codebook().modes(after["event_type"])
        except ValueError:
            modes = []
        if _codebook().canonical_mode(after["event_type"], after["mode"]) not in modes:
            after["mode"] = None
    if after.get("mode") and after.get("event_type"):
        after["mode"] = _codebook().canonical_mode(after["event_type"], after["mode"])
    return after


def _actor(actor: Actor | None, country: str | None, sector: str | None) -> Actor | None:
    if actor is not None and actor.country == country and actor.sector == sector:
        return actor
    code = f"{country or ''}{sector or ''}" or None
    if actor is None:
        if country is None and sector is None:
            return None
        return Actor(text="", country=country, sector=sector, code=code,
                     resolved_by="review")
    return actor.model_copy(update={"country": country, "sector": sector, "code": code,
                                    "resolved_by": "review"})


def _location(loc: Location | None, name: str | None, country: str | None) -> Location | None:
    if name is None and country is None:
        return None
    if loc is not None and loc.name == name and loc.country == country:
        return loc
    if loc is not None and loc.name == name:
        return loc.model_copy(update={"country": country})
    from tacitus.geo import Geocoder

    found = Geocoder().geocode(name, country) if name else None
    if found is not None and (country is None or found.country == country):
        return found.model_copy(update={"name": name})
    return Location(name=name or country, country=country,
                    precision="country" if name is None else "unknown")


def _count(count: Count | None, value: int | None) -> Count | None:
    if value is None:
        return None
    if count is not None and count.min == value:
        return count
    return Count(min=value, max=value)


def apply_values(event: Event, after: dict) -> Event:
    """The event with the reviewer's values (`after`, flat as in `values_of`) written in."""
    before = values_of(event)
    after = {**before, **{k: v for k, v in after.items() if k in FIELDS}}
    date = dt.date.fromisoformat(after["date"]) if after.get("date") else None
    quantities = event.quantities.model_copy(update={
        name: _count(getattr(event.quantities, name), after[name]) for name in COUNTS})
    update = {
        "event_type": after["event_type"], "mode": after["mode"],
        "modality": after["modality"], "date": date,
        "date_precision": event.date_precision if date == event.date
        else ("day" if date else "unknown"),
        "source": _actor(event.source, after["source_country"], after["source_sector"]),
        "target": _actor(event.target, after["target_country"], after["target_sector"]),
        "location": _location(event.location, after["place"], after["place_country"]),
        "quantities": quantities,
        "reviewed": True,
    }
    coded = ("event_type", "mode", "source_sector", "target_sector", *COUNTS)
    if any(after[k] != before[k] for k in coded):
        book = _codebook()
        cameo = book.cameo_for(after["event_type"], after["mode"])
        update.update(cameo=cameo, goldstein=book.goldstein(cameo),
                      quad_class=book.quad_class(cameo),
                      acled=book.acled_for(after["event_type"], after["mode"], update["source"],
                                           update["target"], quantities,
                                           text=event.evidence.sentence))
    return event.model_copy(update=update)


def differences(left: dict | None, right: dict | None) -> list[str]:
    """The fields where two flat value dicts differ."""
    left, right = left or {}, right or {}
    return [name for name in FIELDS if left.get(name) != right.get(name)]
