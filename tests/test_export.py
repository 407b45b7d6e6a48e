"""Exports: each format written to a file and read back with a standard reader."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from tacitus.export import ACLED_COLUMNS, CSV_COLUMNS, FORMATS, GDELT_COLUMNS, write_events
from tacitus.records import (
    AcledType,
    Actor,
    Count,
    Document,
    Event,
    Evidence,
    Location,
    Money,
    Quantities,
)

DOC = Document(doc_id="doc1", text="x", published=date(2020, 9, 1),
               url="https://news.test/minsk", title="Arrests in Minsk", source="Test News")


def protest_event() -> Event:
    return Event(
        event_id="doc1#0", doc_id="doc1", published=date(2020, 9, 1), date=date(2020, 8, 30),
        date_precision="day", event_type="PROTEST", mode="demo", context=["election", "protest"],
        cameo="141", goldstein=-6.5, quad_class=3,
        acled=AcledType(event_type="Protests", sub_event_type="Peaceful protest"),
        source=Actor(text="protesters", name="protesters", country="BLR", sector="CVL",
                     code="BLRCVL"),
        target=Actor(text="the government", name="Belarus government", country="BLR",
                     sector="GOV", code="BLRGOV"),
        location=Location(name="Minsk", country="BLR", admin1="Minsk City", lat=53.9,
                          lon=27.567, geonameid=625144, precision="city", text="Minsk"),
        quantities=Quantities(participants=Count(min=100000, max=200000),
                              arrests=Count(min=140)),
        evidence=Evidence(sentence="Between 100,000 and 200,000 people marched in Minsk,\tpolice said.",
                          start=12, end=77, trigger="marched"),
        confidence=0.83,
    )


def sanction_event() -> Event:
    """No ACLED type, no location, compound source, money, a planned (future) event."""
    return Event(
        event_id="doc2#3", doc_id="doc2", published=date(2021, 5, 10), date=None,
        event_type="SANCTION", mode="economic", cameo="163", goldstein=-8.0, quad_class=4,
        source=Actor(text="the US and the EU", country=None, members=[
            Actor(text="the US", name="United States", country="USA", sector="GOV", code="USAGOV"),
            Actor(text="the EU", name="European Union", country="IGO", sector="IGO", code="IGOIGO"),
        ]),
        target=Actor(text="Russia", name="Russia", country="RUS", sector="GOV", code="RUSGOV"),
        quantities=Quantities(money=Money(amount=1e9, currency="USD")),
        modality="planned",
        evidence=Evidence(sentence="The US and the EU will impose $1 billion in sanctions on Russia.",
                          start=900, end=964, trigger="impose"),
        confidence=0.6,
    )


EVENTS = [protest_event(), sanction_event()]


def read_csv(path, delimiter=",", quoting=csv.QUOTE_MINIMAL) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter, quoting=quoting))


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def test_jsonl_is_the_schema_v1_record(tmp_path):
    out = tmp_path / "e.jsonl"
    assert write_events(EVENTS, "jsonl", out) == 2
    rows = read_jsonl(out)
    assert [Event.model_validate(r) for r in rows] == EVENTS


def test_csv_flat_columns(tmp_path):
    out = tmp_path / "e.csv"
    write_events(EVENTS, "csv", out)
    rows = read_csv(out)
    assert list(rows[0].keys()) == CSV_COLUMNS
    first, second = rows
    assert first["context"] == "election;protest"
    assert first["date"] == "2020-08-30" and first["published"] == "2020-09-01"
    assert first["acled_event_type"] == "Protests"
    assert first["source_code"] == "BLRCVL" and first["target_sector"] == "GOV"
    assert first["participants_min"] == "100000" and first["participants_max"] == "200000"
    assert first["arrests_min"] == "140" and first["arrests_max"] == ""
    assert first["location_lat"] == "53.9"
    assert first["evidence_sentence"] == EVENTS[0].evidence.sentence  # tab survives quoting
    assert second["date"] == "" and second["location_name"] == ""
    assert float(second["money_amount"]) == 1e9 and second["money_currency"] == "USD"
    assert second["modality"] == "planned"


def test_parquet_has_typed_columns_and_the_record(tmp_path):
    out = tmp_path / "e.parquet"
    write_events(EVENTS, "parquet", out)
    table = pq.read_table(out)
    assert table.column_names == [*CSV_COLUMNS, "record"]
    rows = table.to_pylist()
    assert rows[0]["date"] == date(2020, 8, 30)
    assert rows[0]["participants_max"] == 200000
    assert rows[0]["goldstein"] == -6.5
    assert rows[1]["date"] is None
    assert Event.model_validate_json(rows[1]["record"]) == EVENTS[1]


def test_parquet_empty_export_is_a_valid_file(tmp_path):
    out = tmp_path / "empty.parquet"
    assert write_events([], "parquet", out) == 0
    assert pq.read_table(out).num_rows == 0


def test_parquet_to_text_stream_uses_its_buffer():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    write_events(EVENTS, "parquet", stream)
    assert pq.read_table(io.BytesIO(raw.getvalue())).num_rows == 2


def test_gdelt_columns_and_values(tmp_path):
    out = tmp_path / "e.tsv"
    write_events(EVENTS, "gdelt", out, documents={"doc1": DOC})
    rows = read_csv(out, delimiter="\t", quoting=csv.QUOTE_NONE)
    assert len(GDELT_COLUMNS) == 61  # GDELT 2.0 event table
    assert list(rows[0].keys()) == GDELT_COLUMNS
    first, second = rows
    assert first["SQLDATE"] == "20200830" and first["MonthYear"] == "202008"
    assert first["Year"] == "2020"
    assert first["Actor1Code"] == "BLRCVL" and first["Actor1CountryCode"] == "BLR"
    assert first["Actor1Type1Code"] == "CVL" and first["Actor2Type1Code"] == "GOV"
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == \
        ("141", "141", "14")
    assert first["QuadClass"] == "3" and first["GoldsteinScale"] == "-6.5"
    assert first["NumMentions"] == first["NumSources"] == first["NumArticles"] == "1"
    assert first["IsRootEvent"] == "1" and second["IsRootEvent"] == "0"
    assert first["ActionGeo_Type"] == "4"
    assert first["ActionGeo_FullName"] == "Minsk, Minsk City, Belarus"
    assert first["ActionGeo_CountryCode"] == "BLR"
    assert first["ActionGeo_FeatureID"] == "625144"
    assert first["DATEADDED"] == "20200901000000"
    assert first["SOURCEURL"] == "https://news.test/minsk"
    # undated event: falls back to the publication date; IGO member is not a country
    assert second["SQLDATE"] == "20210510"
    assert second["SOURCEURL"] == ""


def test_gdelt_mention_counts_come_from_the_event():
    class Merged(Event):
        num_mentions: int | None = None
        num_sources: int | None = None

    merged = Merged(**protest_event().model_dump(), num_mentions=5, num_sources=3)
    buf = io.StringIO()
    write_events([merged], "gdelt", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue()), delimiter="\t",
                              quoting=csv.QUOTE_NONE))
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("5", "3", "1")


def test_acled_only_events_with_an_acled_type(tmp_path):
    out = tmp_path / "e.csv"
    assert write_events(EVENTS, "acled", out, documents={"doc1": DOC}) == 1
    rows = read_csv(out)
    assert list(rows[0].keys()) == ACLED_COLUMNS
    row = rows[0]
    assert row["event_id_cnty"] == "doc1#0"
    assert row["event_date"] == "2020-08-30" and row["year"] == "2020"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Demonstrations"
    assert row["event_type"] == "Protests" and row["sub_event_type"] == "Peaceful protest"
    assert row["inter1"] == "6"  # civilians acting in a protest are protesters
    assert row["inter2"] == "1"  # government: state forces
    assert row["interaction"] == "16"
    assert row["actor1"] == "protesters (Belarus)"
    assert row["country"] == "Belarus" and row["iso"] == "112"
    assert row["location"] == "Minsk" and row["admin1"] == "Minsk City"
    assert row["geo_precision"] == "1"
    assert row["source"] == "Test News"
    assert row["fatalities"] == "0"
    assert row["tags"] == "crowd size=100000-200000; arrests"
    assert row["notes"] == EVENTS[0].evidence.sentence
    assert row["civilian_targeting"] == ""
    assert int(row["timestamp"]) == 1598918400  # 2020-09-01T00:00Z


def test_acled_violence_against_civilians_abroad():
    event = protest_event().model_copy(update={
        "event_type": "ASSAULT",
        "acled": AcledType(event_type="Violence against civilians", sub_event_type="Attack"),
        "source": Actor(text="Russian troops", country="RUS", sector="MIL", code="RUSMIL"),
        "target": Actor(text="villagers", country="UKR", sector="CVL", code="UKRCVL"),
        "location": Location(name="Bucha", country="UKR", precision="city"),
        "quantities": Quantities(fatalities=Count(min=12, max=15)),
    })
    buf = io.StringIO()
    write_events([event], "acled", buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["inter1"] == "8"  # a state's military abroad: external forces
    assert row["inter2"] == "7" and row["interaction"] == "78"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["disorder_type"] == "Political violence"
    assert row["fatalities"] == "12" and row["tags"] == ""
    assert row["country"] == "Ukraine"


def test_plover_field_names(tmp_path):
    out = tmp_path / "e.jsonl"
    write_events(EVENTS, "plover", out, documents={"doc1": DOC})
    first, second = read_jsonl(out)
    assert first["id"] == "doc1#0" and first["date"] == "2020-08-30"
    assert first["event"] == ["PROTEST"] and first["mode"] == ["demo"]
    assert first["context"] == ["election", "protest"]
    assert first["actor"] == [{"code": "BLR", "sector": "CVL", "entity_text": "protesters",
                               "identifier_text": "protesters"}]
    assert first["recipient"][0]["code"] == "BLR"
    assert first["event_loc"]["resolved_place"] == "Minsk"
    assert first["event_loc"]["country_code"] == "BLR"
    assert first["event_loc"]["resolution"] == 4
    assert first["quad_code"] == 3 and first["event_scale"] == -6.5
    assert first["size"] == {"arrested": 140}
    assert first["text_info"] == {"start": 12, "end": 77}
    assert first["cite_info"]["url"] == DOC.url and first["cite_info"]["publication"] == "Test News"
    # compound actor -> list of entities; planned -> PLOVER auxiliary mode "future"
    assert [a["code"] for a in second["actor"]] == ["USA", "IGO"]
    assert second["context"] == ["future"]
    assert second["date"] is None and second["event_loc"] is None
    assert second["tacitus"]["money"]["amount"] == 1e9


def test_writing_to_a_stream_leaves_it_open():
    buf = io.StringIO()
    for fmt in FORMATS:
        if fmt != "parquet":
            write_events(EVENTS, fmt, buf)
    assert not buf.closed and buf.getvalue()


def test_generator_input_and_unknown_format(tmp_path):
    assert write_events((e for e in EVENTS), "csv", tmp_path / "g.csv") == 2
    with pytest.raises(ValueError, match="unknown export format"):
        write_events(EVENTS, "xml", tmp_path / "x")
