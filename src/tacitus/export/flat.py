"""One event as one flat row: the columns of the CSV and Parquet exports."""

from __future__ import annotations

from datetime import date

from tacitus.records import Actor, Count, Event

# (column, type) in output order; the type drives the Parquet schema.
FLAT_COLUMNS: list[tuple[str, type]] = [
    ("event_id", str), ("doc_id", str), ("published", date), ("date", date),
    ("date_precision", str), ("event_type", str), ("mode", str), ("context", str),
    ("cameo", str), ("goldstein", float), ("quad_class", int),
    ("acled_event_type", str), ("acled_sub_event_type", str),
    ("source_text", str), ("source_name", str), ("source_country", str),
    ("source_sector", str), ("source_code", str),
    ("target_text", str), ("target_name", str), ("target_country", str),
    ("target_sector", str), ("target_code", str),
    ("location_name", str), ("location_country", str), ("location_admin1", str),
    ("location_lat", float), ("location_lon", float), ("location_precision", str),
    ("participants_min", int), ("participants_max", int),
    ("arrests_min", int), ("arrests_max", int),
    ("fatalities_min", int), ("fatalities_max", int),
    ("injuries_min", int), ("injuries_max", int),
    ("money_amount", float), ("money_currency", str),
    ("modality", str), ("evidence_sentence", str), ("evidence_start", int),
    ("evidence_end", int), ("trigger", str), ("confidence", float), ("coder", str),
    ("reviewed", bool),
]
CSV_COLUMNS = [name for name, _ in FLAT_COLUMNS]
QUANTITY_NAMES = ("participants", "arrests", "fatalities", "injuries")


def flat_row(ev: Event) -> dict:
    """Column -> value (None where the event has no value); `context` is ;-joined."""
    row: dict = {
        "event_id": ev.event_id, "doc_id": ev.doc_id, "published": ev.published,
        "date": ev.date, "date_precision": ev.date_precision, "event_type": ev.event_type,
        "mode": ev.mode, "context": ";".join(ev.context) if ev.context else None,
        "cameo": ev.cameo, "goldstein": ev.goldstein, "quad_class": ev.quad_class,
        "acled_event_type": ev.acled.event_type if ev.acled else None,
        "acled_sub_event_type": ev.acled.sub_event_type if ev.acled else None,
        "modality": ev.modality, "evidence_sentence": ev.evidence.sentence,
        "evidence_start": ev.evidence.start, "evidence_end": ev.evidence.end,
        "trigger": ev.evidence.trigger, "confidence": ev.confidence, "coder": ev.coder,
        "reviewed": ev.reviewed,
    }
    row.update(_actor_columns("source", ev.source))
    row.update(_actor_columns("target", ev.target))
    loc = ev.location
    row.update({
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "location_lat": loc.lat if loc else None,
        "location_lon": loc.lon if loc else None,
        "location_precision": loc.precision if loc else None,
    })
    for name in QUANTITY_NAMES:
        count: Count | None = getattr(ev.quantities, name)
        row[f"{name}_min"] = count.min if count else None
        row[f"{name}_max"] = count.max if count else None
    money = ev.quantities.money
    row["money_amount"] = money.amount if money else None
    row["money_currency"] = money.currency if money else None
    return row


def _actor_columns(side: str, actor: Actor | None) -> dict:
    fields = ("text", "name", "country", "sector", "code")
    return {f"{side}_{f}": (getattr(actor, f) if actor else None) for f in fields}


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
