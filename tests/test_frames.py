"""`tacitus.read_events` gives a typed DataFrame; `Pipeline.code_texts` codes a list."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import tacitus
from tacitus.errors import TacitusError
from tacitus.filters import InvalidFilter
from tacitus.records import Actor, Count, Document, Event, Evidence, Location, Quantities
from tacitus.store import Store


def _event(doc: Document, kind: str, cameo: str, day: str | None, arrests: int | None = None,
           modality: str = "asserted") -> Event:
    return Event(
        event_id=f"{doc.doc_id}#0", doc_id=doc.doc_id, published=doc.published,
        date=date.fromisoformat(day) if day else None,
        date_precision="day" if day else "unknown", event_type=kind, cameo=cameo,
        goldstein=-2.0, quad_class=3, modality=modality,
        source=Actor(text="the ministry", country="BLR", sector="GOV", code="BLRGOV"),
        target=Actor(text="reporters", country="BLR", sector="MED", code="BLRMED"),
        location=Location(name="Minsk", country="BLR", lat=53.9, lon=27.56, precision="city"),
        quantities=Quantities(arrests=Count(min=arrests, max=arrests) if arrests else None),
        evidence=Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="x"),
        confidence=0.7,
    )


@pytest.fixture
def db(tmp_path) -> str:
    url = str(tmp_path / "frames.db")   # a plain path works as well as a URL
    docs = [
        ("p", "The ministry warned reporters on June 3.", "2024-06-04", "THREATEN", "130",
         "2024-06-03", None),
        ("q", "Officers detained twelve reporters.", "2024-06-10", "COERCE", "173", None, 12),
        ("r", "The ministry may consult reporters.", "2024-06-12", "CONSULT", "040",
         "2024-06-12", None),
    ]
    with Store(url) as store:
        for doc_id, text, published, kind, cameo, day, arrests in docs:
            doc = Document(doc_id=doc_id, text=text, published=date.fromisoformat(published))
            modality = "hypothetical" if doc_id == "r" else "asserted"
            store.add(doc, [_event(doc, kind, cameo, day, arrests, modality)])
    return url


def test_read_events_is_one_line_with_typed_columns(db):
    frame = tacitus.read_events(db)
    assert list(frame["event_id"]) == ["p#0", "q#0", "r#0"]    # oldest day first
    # codes stay strings: a reader that guesses types would turn "040" into 40
    assert frame["cameo"].tolist() == ["130", "173", "040"]
    assert pd.api.types.is_string_dtype(frame["cameo"])
    assert pd.api.types.is_string_dtype(frame["source_country"])
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert pd.api.types.is_datetime64_any_dtype(frame["published"])
    assert frame["goldstein"].dtype == "float64"
    assert str(frame["arrests_min"].dtype) == "Int64"
    assert frame["arrests_min"].tolist()[1] == 12 and pd.isna(frame["arrests_min"][0])
    # nested fields flattened as in the CSV export
    assert frame.loc[0, "source_code"] == "BLRGOV" and frame.loc[0, "location_lat"] == 53.9
    # `day`: the date every filter selects on (the undated event: its publication day)
    assert frame["day"].dt.date.tolist() == [date(2024, 6, 3), date(2024, 6, 10),
                                             date(2024, 6, 12)]
    assert pd.isna(frame.loc[1, "date"])
    # usable straight away: events per day
    assert frame.groupby(frame["day"].dt.day)["event_id"].count().to_dict() == {3: 1, 10: 1, 12: 1}


def test_read_events_takes_the_cli_filters(db):
    assert tacitus.read_events(db, type="coerce")["event_id"].tolist() == ["q#0"]
    assert tacitus.read_events(db, since="2024-06-05", until="2024-06-11")["event_id"].tolist() \
        == ["q#0"]
    assert tacitus.read_events(db, modality="asserted")["event_id"].tolist() == ["p#0", "q#0"]
    assert len(tacitus.read_events(db, limit=2)) == 2
    empty = tacitus.read_events(db, country="USA")
    assert empty.empty and "cameo" in empty.columns
    with pytest.raises(InvalidFilter, match="PROTEST"):
        tacitus.read_events(db, type="PROTESTS")


def test_read_events_never_creates_a_database(tmp_path):
    with pytest.raises(TacitusError, match="E041"):
        tacitus.read_events(tmp_path / "nothing.db")
    assert not (tmp_path / "nothing.db").exists()


def test_code_texts_codes_a_list_in_order():
    pipeline = tacitus.Pipeline()
    texts = ["Police arrested 40 protesters in Minsk on Sunday.",
             "The weather was mild.",
             "Russian forces shelled Kharkiv on Monday."]
    coded = pipeline.code_texts(texts, published="2024-06-02")
    assert len(coded) == 3
    assert {e.event_type for e in coded[0]} >= {"COERCE"} and coded[1] == []
    assert "ASSAULT" in {e.event_type for e in coded[2]}
    assert all(e.published == date(2024, 6, 2) for events in coded for e in events)
    frame = tacitus.events_frame([e for events in coded for e in events])
    assert pd.api.types.is_string_dtype(frame["cameo"]) and len(frame) >= 2
