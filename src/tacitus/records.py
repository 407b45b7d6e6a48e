"""Typed records: the only types that travel between pipeline stages.

`Event` and its parts are schema v1 (see docs/schema.md). Fields may be added,
never renamed. Everything a stage hands to the next is one of these, or a spaCy
object for stages that work inside one parsed sentence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["asserted", "negated", "planned", "hypothetical"]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
GeoPrecision = Literal["city", "admin1", "country", "region", "unknown"]


class Document(BaseModel):
    """One input text. `text` is exactly what evidence offsets index."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    text: str
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None
    origin: str | None = None  # file path or "<stdin>:12": where it came from, for messages

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        """U+0000 becomes U+FFFD in every text field, here at the one door documents come
        in by: PostgreSQL cannot store NUL in text (one such document stopped every
        later ingest) and SQLite truncates it in some functions. Same length, so
        evidence offsets still index the text; same on both backends."""
        return strip_nul(value) if isinstance(value, str) else value

    @staticmethod
    def content_id(text: str) -> str:
        return hashlib.sha1(strip_nul(text).encode("utf-8", "surrogatepass")).hexdigest()[:16]

    @classmethod
    def from_text(cls, text: str, **kw) -> Document:
        doc_id = kw.pop("doc_id", None) or cls.content_id(text)
        return cls(doc_id=str(doc_id), text=text, **kw)


def strip_nul(text: str) -> str:
    """`text` with each U+0000 replaced by U+FFFD (the replacement character)."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


class Actor(BaseModel):
    text: str                       # the words in the sentence
    name: str | None = None         # canonical name ("Vladimir Putin", "Belarusian police")
    country: str | None = None      # ISO3, or IGO/NGO/IMG; None when unknown (never guessed)
    sector: str | None = None       # CAMEO agent code: GOV, MIL, COP, CVL, ...
    code: str | None = None         # country + sector, e.g. BLRCOP
    wikidata: str | None = None
    start: int | None = None        # character offsets of `text` in the document
    end: int | None = None
    members: list[Actor] = Field(default_factory=list)  # compound actor: "Russia and Belarus"
    resolved_by: str | None = None  # which rule resolved it: "dictionary", "agent", "coref", ...


class Location(BaseModel):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: GeoPrecision = "unknown"
    text: str | None = None         # the words it came from
    start: int | None = None
    end: int | None = None


class Count(BaseModel):
    min: int | None = None
    max: int | None = None
    approximate: bool = False
    text: str | None = None


class Money(BaseModel):
    amount: float
    currency: str | None = None     # ISO 4217
    approximate: bool = False
    text: str | None = None


class Quantities(BaseModel):
    participants: Count | None = None
    arrests: Count | None = None
    fatalities: Count | None = None
    injuries: Count | None = None
    money: Money | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in self.model_dump().values())


class AcledType(BaseModel):
    event_type: str
    sub_event_type: str | None = None


class Evidence(BaseModel):
    sentence: str
    start: int
    end: int
    trigger: str
    trigger_start: int | None = None
    trigger_end: int | None = None
    date_text: str | None = None


class Event(BaseModel):
    """One coded event, schema v1."""

    event_id: str
    doc_id: str
    published: dt.date | None = None
    date: dt.date | None = None
    date_precision: DatePrecision = "unknown"
    event_type: EventType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    acled: AcledType | None = None
    source: Actor | None = None
    target: Actor | None = None
    location: Location | None = None
    quantities: Quantities = Field(default_factory=Quantities)
    modality: Modality = "asserted"
    evidence: Evidence
    confidence: float = 0.5
    coder: str = "rules-1.0"

    def to_json_dict(self) -> dict:
        """Schema v1 JSON (dates as ISO strings)."""
        return self.model_dump(mode="json")
