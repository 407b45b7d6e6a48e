"""Request models: every query parameter and body is validated here before any query runs.

An invalid value (a date that is not ISO, a country that is not ISO3, an unknown event
type, a limit out of bounds, an unknown parameter) is answered with 422 and a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tacitus import service
from tacitus.filters import EventFilter, parse_day

ISO3 = r"^[A-Z]{3}$"
ACTOR = r"^[A-Z]{3,12}$"          # a country (RUS) or a full actor code (BLRCOP)
Period = Literal["day", "week", "month", "quarter", "year"]

MAX_DOCUMENT_BYTES = 1024 * 1024   # POST /api/documents
MAX_CODE_BYTES = 200 * 1024        # POST /api/code


def _known_types(value: str | None) -> str | None:
    if value:
        service.split_types(value)   # raises ValueError naming the unknown type
    return value


class _Query(BaseModel):
    # an unknown parameter is a typo that would silently widen the result: refuse it
    model_config = ConfigDict(extra="forbid")


class _DateRange(_Query):
    since: dt.date | None = Field(None, description="first day, inclusive (YYYY-MM-DD)")
    until: dt.date | None = Field(None, description="last day, inclusive (YYYY-MM-DD)")

    _days = field_validator("since", "until", mode="before")(lambda value: parse_day(value))

    @model_validator(mode="after")
    def _ordered(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class EventFilters(EventFilter):
    """Filters shared by /api/events and /api/map: the one EventFilter model the CLI uses
    too (tacitus.filters), so a value the CLI refuses is refused here with 422."""

    def store_filters(self) -> dict:
        return self.store_kwargs()


class ReviewedView(EventFilters):
    """Filters over the reviewed view of the events (or the coder's own output)."""

    raw: bool = Field(False, description="the coder's output, without reviews applied")
    reviewed: bool | None = Field(None, description="only reviewed (true) or unreviewed (false)")

    def view_filters(self) -> dict:
        """store_filters plus the review view options."""
        chosen = self.store_filters()
        if self.raw:
            chosen["raw"] = True
        if self.reviewed is not None:
            chosen["reviewed"] = self.reviewed
        return chosen


class EventsQuery(ReviewedView):
    order: Literal["date_desc", "date_asc", "mentions_desc", "confidence_desc",
                   "confidence_asc"] = "date_desc"
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class MapQuery(EventFilters):
    limit: int = Field(2000, ge=1, le=10_000)


class StatsQuery(_Query):
    all_modalities: bool = Field(False, description="count every modality (default: the "
                                 "event counts are of asserted events)")


class PageQuery(_Query):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class ActorsQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="words in the name or code")


class _Modalities(_DateRange):
    all_modalities: bool = Field(False, description="also count negated, planned and "
                                 "hypothetical events (default: asserted only)")


class SeriesQuery(_Modalities):
    source: str = Field(..., pattern=ACTOR, description="country (RUS) or actor code (RUSMIL)")
    target: str = Field(..., pattern=ACTOR)
    by: Period = "week"
    both: bool = Field(False, description="count both directions")


class TimelineQuery(_Modalities):
    by: Period = "week"
    type: str | None = Field(None, description="PLOVER event type(s), comma-separated")
    source: str | None = Field(None, pattern=ACTOR)
    target: str | None = Field(None, pattern=ACTOR)

    _types = field_validator("type")(lambda value: _known_types(value))


class AlertsQuery(_Query):
    all_modalities: bool = Field(False, description="also count negated, planned and "
                                 "hypothetical events (default: asserted only)")
    window: str = Field("7d", pattern=r"^\d{1,4}[dw]?$", description="7d, 2w or days")
    baseline: str = Field("8w", pattern=r"^\d{1,4}[dw]?$")
    min_events: int = Field(3, ge=1, le=100_000)

    @model_validator(mode="after")
    def _positive(self):
        window, baseline = self.window_days(), self.baseline_days()
        if window < 1 or baseline < window:
            raise ValueError("need window > 0 and baseline >= window")
        return self

    def window_days(self) -> int:
        return _days(self.window)

    def baseline_days(self) -> int:
        return _days(self.baseline)


def _days(text: str) -> int:
    number = int(text.rstrip("dw"))
    return number * 7 if text.endswith("w") else number


class NetworkQuery(_Modalities):
    min_events: int = Field(1, ge=1, le=100_000)
    limit: int = Field(200, ge=1, le=5000)


class CodeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., min_length=1)
    published: dt.date | None = None
    coder: str | None = Field(None, max_length=40,
                              description="coder: rules, learned or hybrid (default: the server's)")

    _day = field_validator("published", mode="before")(lambda value: parse_day(value))

    @field_validator("coder")
    @classmethod
    def _known_coder(cls, value: str | None) -> str | None:
        from tacitus.errors import TacitusError
        from tacitus.registry import resolve_coder_name

        if value is None:
            return None
        try:
            return resolve_coder_name(value)
        except TacitusError as exc:
            raise ValueError(str(exc)) from None


class DocumentBody(CodeBody):
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)
    id: str | None = Field(None, min_length=1, max_length=200, description="document id")
