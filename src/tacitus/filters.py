"""One filter vocabulary for events: the CLI, the API, the dashboard and `read_events`.

`EventFilter` validates every filter against the vocabularies the coder writes (PLOVER
types and modes, ISO3 countries, CAMEO sectors, modalities), so a misspelt value is an
error that lists the valid values instead of a query that silently matches nothing.

The date rule (one for every command, the API and the dashboard): an event is placed on
its own date, or on its article's publication date when the text gave no date (the event
then keeps `date` empty and `date_precision` "unknown"; `event_day()` reports the day
with the precision "publication", as the PLOVER export writes it). `since`/`until`,
ordering, trends and alerts all use that day.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tacitus.errors import TacitusError
from tacitus.records import EVENT_TYPES, Event

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_day(value):
    """A day given as YYYY-MM-DD (or a date) -> the date; "" -> None (not given).

    The one date rule of the CLI, the API and review bodies. Nothing else is read as a
    date: pydantic's lax rule takes a number for a Unix timestamp (`since=2020` would be
    1970-01-01, silently widening the answer) and `date.fromisoformat` takes 20200101
    and week dates.
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if ISO_DAY.fullmatch(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD)")


MODALITIES = ("asserted", "negated", "planned", "hypothetical")
# actor "countries" that are not states (CAMEO): international bodies, NGOs, armed groups
NON_STATE = ("IGO", "NGO", "IMG")
SECTORS = (
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI",
    "IGO", "IMG", "INS", "JUD", "LAB", "LEG", "MED", "MIL", "NGO", "OPP", "PTY", "RAD",
    "REB", "REF", "REL", "SPY", "UAF",
)


def event_day(event: Event) -> tuple[dt.date | None, str]:
    """The day an event is placed on and how it was found: (event date, its precision),
    else (publication date, "publication"), else (None, "unknown")."""
    if event.date is not None:
        return event.date, event.date_precision
    if event.published is not None:
        return event.published, "publication"
    return None, "unknown"


class InvalidFilter(TacitusError, ValueError):
    """A filter value the vocabulary does not know (E080); the message lists valid values."""

    def __init__(self, reason: str):
        super().__init__("E080", reason=reason)


@lru_cache(maxsize=1)
def plover_modes() -> dict[str, str]:
    """Every PLOVER mode and alias (lower case) -> the mode as the coder stores it."""
    from tacitus.coding.codebook import CodeBook

    plover = CodeBook().plover
    modes: dict[str, str] = {}
    for name, spec in plover["types"].items():
        for mode in spec["modes"]:
            modes[mode] = mode
        for alias, target in plover["aliases"].get(name, {}).items():
            if not target.isdigit():
                modes.setdefault(alias, target)
    return modes


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    import pycountry

    known = {c.alpha_3: c.name for c in pycountry.countries}
    known.update({c.alpha_3: c.name for c in pycountry.historic_countries})
    known.update({"IGO": "intergovernmental organisation", "NGO": "non-governmental "
                  "organisation", "IMG": "international militarised group", "XKX": "Kosovo"})
    return known


def check_country(value: str) -> str:
    """An ISO3 code (or IGO/NGO/IMG), upper-cased; a name or a typo raises with a hint."""
    code = value.strip().upper()
    if code in _countries():
        return code
    hint = _country_hint(value)
    raise ValueError(f"'{value}' is not an ISO 3166 alpha-3 country code"
                     + (f"; did you mean {hint}?" if hint else
                        f" (3 letters, e.g. BLR, RUS, USA; or {', '.join(NON_STATE)})"))


def check_actor(value: str, name: str = "actor") -> str:
    """A country (ISO3) or a full actor code (country + CAMEO sectors, "BLRCOP"); anything
    else raises InvalidFilter, so `trend Belarus` is an error, not an empty series."""
    code = value.strip().upper()
    country, rest = code[:3], code[3:]
    if (country in _countries() and len(rest) % 3 == 0
            and all(rest[i:i + 3] in SECTORS for i in range(0, len(rest), 3))):
        return code
    try:
        check_country(value)
    except ValueError as exc:
        raise InvalidFilter(f"{name}: {exc}, or an actor code such as BLRCOP "
                            f"(country + sector: {', '.join(SECTORS)})") from None
    return code


def _country_hint(value: str) -> str | None:
    import pycountry

    text = value.strip()
    try:
        found = pycountry.countries.lookup(text)   # a name, or an alpha-2 code ("BY")
    except LookupError:
        if len(text) < 4:   # fuzzy search on two or three letters suggests nonsense
            return None
        try:
            found = pycountry.countries.search_fuzzy(text)[0]
        except LookupError:
            return None
    return f"{found.alpha_3} ({found.name})"


def _listed(values, limit: int = 60) -> str:
    values = list(values)
    shown = ", ".join(values[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def _split(value) -> list[str]:
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    return [p.strip() for p in parts if p.strip()]


class EventFilter(BaseModel):
    """Which events: every field optional, all combined with AND.

    Field names are the public names (CLI options `--source-country`, API query
    parameters `source_country`). Lists (`type`, `modality`) may be given comma-separated.
    """

    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(None, description="PLOVER event type(s), comma-separated "
                             "(PROTEST,ASSAULT)")
    mode: str | None = Field(None, max_length=40, description="PLOVER mode, e.g. riot, arrest")
    country: str | None = Field(None, description="ISO3 country on either side, e.g. BLR")
    source_country: str | None = Field(None, description="ISO3 country of the source actor")
    target_country: str | None = Field(None, description="ISO3 country of the target actor")
    source_sector: str | None = Field(None, description="CAMEO sector of the source, e.g. GOV")
    target_sector: str | None = Field(None, description="CAMEO sector of the target, e.g. COP")
    dyad: str | None = Field(None, description="SOURCE,TARGET countries, e.g. RUS,UKR")
    place: str | None = Field(None, max_length=200, description="place name (exact, any case)")
    q: str | None = Field(None, max_length=200, description="words in the evidence sentence")
    since: dt.date | None = Field(None, description="first day, inclusive (YYYY-MM-DD); on the "
                                  "event date, else the publication date")
    until: dt.date | None = Field(None, description="last day, inclusive (YYYY-MM-DD)")
    modality: str | None = Field(None, description="asserted, negated, planned, hypothetical "
                                 "(comma-separated for several)")
    min_confidence: float | None = Field(None, ge=0, le=1)
    min_mentions: int | None = Field(None, ge=1, le=100_000)
    merged: bool = Field(False, description="merged events (one per real-world event)")

    # CLI option names of the fields whose option is not `--field-name`
    OPTION_NAMES: ClassVar[dict[str, str]] = {"type": "--type", "q": "--q"}

    @field_validator("type")
    @classmethod
    def _types(cls, value: str | None) -> str | None:
        types = [t.upper() for t in _split(value)]
        unknown = [t for t in types if t not in EVENT_TYPES]
        if unknown:
            raise ValueError(f"unknown event type '{unknown[0]}' (valid: {', '.join(EVENT_TYPES)})")
        return ",".join(dict.fromkeys(types)) or None

    @field_validator("mode")
    @classmethod
    def _mode(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        modes = plover_modes()
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        if key not in modes:
            valid = sorted(set(modes.values()))
            raise ValueError(f"unknown PLOVER mode '{value}' (valid: {_listed(valid)})")
        return modes[key]

    @field_validator("country", "source_country", "target_country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return check_country(value) if value and value.strip() else None

    @field_validator("source_sector", "target_sector")
    @classmethod
    def _sector(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        code = value.strip().upper()
        if code not in SECTORS:
            raise ValueError(f"unknown CAMEO sector '{value}' (valid: {', '.join(SECTORS)})")
        return code

    @field_validator("dyad")
    @classmethod
    def _dyad(cls, value: str | None) -> str | None:
        parts = _split(value)
        if not parts:
            return None
        if len(parts) != 2:
            raise ValueError(f"'{value}': give two countries, SOURCE,TARGET (e.g. RUS,USA)")
        return ",".join(check_country(p) for p in parts)

    @field_validator("modality")
    @classmethod
    def _modality(cls, value: str | None) -> str | None:
        chosen = [m.lower() for m in _split(value)]
        unknown = [m for m in chosen if m not in MODALITIES]
        if unknown:
            raise ValueError(f"unknown modality '{unknown[0]}' (valid: {', '.join(MODALITIES)})")
        return ",".join(dict.fromkeys(chosen)) or None

    @field_validator("since", "until", mode="before")
    @classmethod
    def _date(cls, value):
        return parse_day(value)

    @field_validator("place", "q")
    @classmethod
    def _blank(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @model_validator(mode="after")
    def _ordered(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    # -- use -----------------------------------------------------------------------------

    @classmethod
    def parse(cls, **values: Any) -> EventFilter:
        """Build from user input (None means "not given"); a bad value raises
        InvalidFilter (E080) naming the option and the valid values."""
        given = {k: v for k, v in values.items() if v is not None}
        try:
            return cls(**given)
        except ValidationError as exc:
            raise InvalidFilter(describe(exc, cls.OPTION_NAMES)) from None

    @property
    def types(self) -> list[str]:
        return _split(self.type)

    @property
    def modalities(self) -> list[str]:
        return _split(self.modality)

    def with_default_modality(self, modality: str = "asserted") -> EventFilter:
        """This filter, or asserted events only when it names no modality (analyses and
        GDELT/ACLED files count what happened, not what was denied or planned)."""
        if self.modality:
            return self
        return self.model_copy(update={"modality": modality})

    def store_kwargs(self) -> dict[str, Any]:
        """Keyword filters for `Store.events` / `Store.count_events` (only those set)."""
        chosen: dict[str, Any] = {}
        if self.types:
            chosen["event_type"] = self.types[0] if len(self.types) == 1 else self.types
        if self.dyad:
            source, target = self.dyad.split(",")
            chosen["dyad"] = (source, target)
        if self.modalities:
            chosen["modality"] = (self.modalities[0] if len(self.modalities) == 1
                                  else self.modalities)
        plain = {"mode": self.mode, "country": self.country,
                 "source_country": self.source_country, "target_country": self.target_country,
                 "source_sector": self.source_sector, "target_sector": self.target_sector,
                 "place": self.place, "text": self.q, "since": self.since,
                 "until": self.until, "min_confidence": self.min_confidence,
                 "min_mentions": self.min_mentions}
        chosen.update({k: v for k, v in plain.items() if v is not None})
        if self.merged:
            chosen["merged"] = True
        return chosen


def describe(exc: ValidationError, option_names: dict[str, str] | None = None) -> str:
    """One line for a pydantic error: "--type: unknown event type 'X' (valid: ...)"."""
    names = option_names or {}
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error.get("loc") else ""
        option = names.get(field, f"--{field.replace('_', '-')}") if field else ""
        msg = error.get("msg", "invalid value").removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            msg = f"unknown filter (valid: {', '.join(EventFilter.model_fields)})"
        problems.append(f"{option}: {msg}" if option else msg)
    return "; ".join(problems)
