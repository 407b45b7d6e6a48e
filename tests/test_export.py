"""Exports: each format written to a file and read back with a standard reader."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from tacitus.export import (
    ACLED_COLUMNS,
    ALL_MODALITIES,
    CSV_COLUMNS,
    FORMATS,
    GDELT_COLUMNS,
    export_bytes,
    numeric_id,
    write_events,
)
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
    write_events(EVENTS, "gdelt", out, documents={"doc1": DOC}, modalities=ALL_MODALITIES)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(GDELT_COLUMNS) == 61  # GDELT 2.0 event table
    assert len(lines) == 2 and not lines[0].startswith("GLOBALEVENTID")   # no header
    first, second = (dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines)
    assert int(first["GLOBALEVENTID"]) == numeric_id("doc1#0")
    assert first["SQLDATE"] == "20200830" and first["MonthYear"] == "202008"
    assert first["Year"] == "2020"
    assert first["FractionDate"] == "2020.7397"   # 2020 + (8 * 30 + 30) / 365
    assert first["Actor1Code"] == "BLRCVL" and first["Actor1CountryCode"] == "BLR"
    assert first["Actor1Type1Code"] == "CVL" and first["Actor2Type1Code"] == "GOV"
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == \
        ("141", "141", "14")
    assert first["QuadClass"] == "3" and first["GoldsteinScale"] == "-6.5"
    assert first["NumMentions"] == first["NumSources"] == first["NumArticles"] == "1"
    assert first["IsRootEvent"] == "1" and second["IsRootEvent"] == "0"
    assert first["ActionGeo_Type"] == "4"
    assert first["ActionGeo_FullName"] == "Minsk, Minsk City, Belarus"
    assert first["ActionGeo_CountryCode"] == "BO"          # FIPS 10-4, not ISO
    assert first["ActionGeo_ADM1Code"] == "BO04"           # FIPS + GeoNames admin1 code
    assert first["ActionGeo_FeatureID"] == "625144"
    # both actors are Belarusian and the event is in Minsk: that is where they are
    assert first["Actor1Geo_FullName"] == first["Actor2Geo_FullName"] == first["ActionGeo_FullName"]
    assert first["DATEADDED"] == "20200901000000"
    assert first["SOURCEURL"] == "https://news.test/minsk"
    # undated event: falls back to the publication date
    assert second["SQLDATE"] == "20210510"
    assert second["SOURCEURL"] == ""
    # a compound actor lists its members' roles; Russia's place is the country
    assert (second["Actor1Type1Code"], second["Actor1Type2Code"]) == ("GOV", "IGO")
    assert second["Actor2Geo_Type"] == "1" and second["Actor2Geo_CountryCode"] == "RS"
    assert second["Actor2Geo_FeatureID"] == "RS" and float(second["Actor2Geo_Lat"]) > 40


def test_gdelt_religion_codes_from_the_actor_words():
    ev = protest_event().model_copy(update={"target": Actor(
        text="Catholic priests and Sunni clerics", country="NIC", sector="REL")})
    buf = io.StringIO()
    write_events([ev], "gdelt", buf)
    row = dict(zip(GDELT_COLUMNS, buf.getvalue().rstrip("\n").split("\t"), strict=True))
    assert (row["Actor2Religion1Code"], row["Actor2Religion2Code"]) == ("CTH", "CHR")
    assert row["Actor1Religion1Code"] == ""


def test_gdelt_loads_with_the_standard_column_list_and_dtypes(tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "e.tsv"
    write_events(EVENTS * 3, "gdelt", out, documents={"doc1": DOC}, modalities=ALL_MODALITIES)
    numeric = {"GLOBALEVENTID": "int64", "SQLDATE": "int64", "MonthYear": "int64",
               "Year": "int64", "FractionDate": "float64", "IsRootEvent": "int64",
               "QuadClass": "int64", "GoldsteinScale": "float64", "NumMentions": "int64",
               "NumSources": "int64", "NumArticles": "int64", "AvgTone": "float64",
               "DATEADDED": "float64", "ActionGeo_Lat": "float64", "ActionGeo_Long": "float64"}
    dtypes = {c: numeric.get(c, "string") for c in GDELT_COLUMNS}
    frame = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, dtype=dtypes,
                        quoting=csv.QUOTE_NONE)
    assert frame.shape == (6, 61)
    assert frame["EventCode"].tolist()[:2] == ["141", "163"]       # codes stay text
    assert frame["GoldsteinScale"].tolist()[:2] == [-6.5, -8.0]
    assert set(frame["ActionGeo_CountryCode"].dropna()) == {"BO"}
    assert frame["GLOBALEVENTID"].nunique() == 2


def test_gdelt_mention_counts_come_from_the_event():
    class Merged(Event):
        num_mentions: int | None = None
        num_sources: int | None = None

    merged = Merged(**protest_event().model_dump(), num_mentions=5, num_sources=3)
    buf = io.StringIO()
    write_events([merged], "gdelt", buf)
    row = dict(zip(GDELT_COLUMNS, buf.getvalue().rstrip("\n").split("\t"), strict=True))
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("5", "3", "1")


@pytest.mark.parametrize("fmt", ["gdelt", "acled"])
def test_gdelt_and_acled_hold_what_happened_unless_asked(fmt):
    negated = protest_event().model_copy(update={"event_id": "doc1#1", "modality": "negated"})
    events = [protest_event(), negated]
    assert write_events(events, fmt, io.StringIO()) == 1
    assert write_events(events, fmt, io.StringIO(), modalities=ALL_MODALITIES) == 2
    assert write_events(events, fmt, io.StringIO(), modalities=["negated"]) == 1
    with pytest.raises(ValueError, match="unknown modality 'maybe'"):
        write_events(events, fmt, io.StringIO(), modalities=["maybe"])


@pytest.mark.parametrize("fmt", ["jsonl", "plover", "csv"])
def test_other_formats_keep_every_modality_labelled(fmt):
    buf = io.StringIO()
    assert write_events(EVENTS, fmt, buf) == 2
    assert "planned" in buf.getvalue() or "future" in buf.getvalue()


def test_acled_only_events_with_an_acled_type(tmp_path):
    out = tmp_path / "e.csv"
    docs = {"doc1": {**DOC.model_dump(), "ingested_at": "2020-09-02T10:00:00+00:00"}}
    assert write_events(EVENTS, "acled", out, documents=docs, modalities=ALL_MODALITIES) == 1
    rows = read_csv(out)
    assert list(rows[0].keys()) == ACLED_COLUMNS
    row = rows[0]
    assert row["event_id_cnty"] == f"BLR{numeric_id('doc1#0')}"
    assert row["event_date"] == "2020-08-30" and row["year"] == "2020"
    assert row["time_precision"] == "1"
    assert row["disorder_type"] == "Demonstrations"
    assert row["event_type"] == "Protests" and row["sub_event_type"] == "Peaceful protest"
    assert row["actor1"] == "Protesters (Belarus)" and row["inter1"] == "6"
    # a peaceful protest has no second actor: whom it addresses is not an ACLED actor2
    assert row["actor2"] == "" and row["inter2"] == "" and row["interaction"] == "60"
    assert row["country"] == "Belarus" and row["iso"] == "112" and row["region"] == "Europe"
    assert row["location"] == "Minsk" and row["admin1"] == "Minsk City"
    assert row["geo_precision"] == "1"
    assert row["source"] == "Test News"
    assert row["fatalities"] == "0"
    assert row["tags"] == "crowd size=100000-200000; arrests"
    assert row["notes"] == EVENTS[0].evidence.sentence
    assert row["civilian_targeting"] == ""
    assert int(row["timestamp"]) == 1599040800  # coded (ingested) 2020-09-02T10:00Z


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
    assert row["actor1"] == "Military Forces of Russia"
    assert row["actor2"] == "Civilians (Ukraine)"
    assert row["inter1"] == "8"  # a state's military abroad: external forces
    assert row["inter2"] == "7" and row["interaction"] == "78"
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["disorder_type"] == "Political violence"
    assert row["fatalities"] == "12" and row["tags"] == ""
    assert row["country"] == "Ukraine" and row["region"] == "Europe"


def test_acled_names_actors_never_phrases_or_demands():
    demands = Actor(text="new elections and the release of prisoners", members=[
        Actor(text="new elections"),
        Actor(text="the release of prisoners", name="release of prisoners", sector="OPP")])
    students = Actor(text="Thousands of students", name="Thousands of students",
                     country="COD", sector="EDU", resolved_by="agent+location")
    police = Actor(text="riot police", name="riot police", country="COD", sector="COP")
    protest = protest_event().model_copy(update={
        "source": students, "target": demands, "location": None,
        "acled": AcledType(event_type="Protests", sub_event_type="Protest with intervention")})
    arrest = protest.model_copy(update={
        "event_id": "doc1#2", "source": police, "target": Actor(
            text="Germany", name="Germany", country="DEU", resolved_by="dictionary"),
        "acled": AcledType(event_type="Strategic developments", sub_event_type="Arrests")})
    buf = io.StringIO()
    write_events([protest, arrest], "acled", buf)
    first, second = csv.DictReader(io.StringIO(buf.getvalue()))
    assert first["actor1"] == "Protesters (Democratic Republic of Congo)"
    assert first["assoc_actor_1"] == "Students (Democratic Republic of Congo)"
    assert first["actor2"] == "" and first["assoc_actor_2"] == ""   # demands are no actors
    assert first["country"] == "Democratic Republic of Congo"
    assert first["region"] == "Middle Africa"
    assert second["actor1"] == "Police Forces of Democratic Republic of Congo"
    assert second["actor2"] == "Government of Germany"


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
    assert first["quad_code"] == 3
    assert first["event_scale"] == -5.0   # PLOVER's PROTEST/demo score, not Goldstein's -6.5
    assert first["tacitus"]["goldstein"] == -6.5
    assert first["size"] == {"arrested": 140}
    assert first["text_info"] == {"start": 12, "end": 77}
    assert first["cite_info"]["url"] == DOC.url and first["cite_info"]["publication"] == "Test News"
    # compound actor -> list of entities; planned -> PLOVER auxiliary mode "future"
    assert [a["code"] for a in second["actor"]] == ["USA", "IGO"]
    assert second["context"] == ["future"]
    # no event date: the publication date, and the precision says so
    assert second["date"] == "2021-05-10"
    assert second["tacitus"]["date_precision"] == "publication"
    assert second["event_loc"] is None
    # "economic" is no PLOVER mode of SANCTION: no mode, the type's score, ours kept
    assert second["mode"] == [] and second["event_scale"] == -6.0
    assert second["tacitus"]["mode"] == "economic"
    assert second["tacitus"]["money"]["amount"] == 1e9


@pytest.mark.parametrize(("event_type", "mode", "plover", "score"), [
    ("COERCE", "detain", "arrest", -7.0), ("COERCE", "ban", "restrict", -7.0),
    ("ASSAULT", "suicide", "suicide-attack", -9.5), ("ASSAULT", "massacre", None, -9.0),
    ("CONSULT", "host", "visit", 4.0), ("ACCUSE", None, None, -3.0),
])
def test_plover_modes_come_from_the_manual(event_type, mode, plover, score):
    ev = protest_event().model_copy(update={"event_type": event_type, "mode": mode})
    buf = io.StringIO()
    write_events([ev], "plover", buf)
    record = json.loads(buf.getvalue())
    assert record["mode"] == ([plover] if plover else [])
    assert record["event_scale"] == score


def test_csv_quotes_text_so_codes_stay_codes():
    ev = protest_event().model_copy(update={"cameo": "042"})
    buf = io.StringIO()
    write_events([ev], "csv", buf)
    line = buf.getvalue().splitlines()[1]
    assert line.startswith('"doc1#0",') and ',"042",-6.5,3,' in line
    row = next(csv.reader(io.StringIO(buf.getvalue().splitlines()[1])))
    assert row[CSV_COLUMNS.index("cameo")] == "042"


FORMULA = "=HYPERLINK(\"http://evil.test\",\"x\")"


def formula_event() -> Event:
    return protest_event().model_copy(update={
        "source": Actor(text="@admin", name="+cmd|' /C calc'!A0", country="BLR", sector="CVL"),
        "evidence": Evidence(sentence=FORMULA, start=0, end=30, trigger="-x"),
        "acled": AcledType(event_type="Protests", sub_event_type="Peaceful protest"),
    })


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_spreadsheet_formulas_are_neutralised_unless_raw(fmt):
    buf = io.StringIO()
    write_events([formula_event()], fmt, buf)
    cells = [c for row in csv.reader(io.StringIO(buf.getvalue())) for c in row]
    assert "'" + FORMULA in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "-6.5" in cells or fmt == "acled"   # numbers stay numbers
    raw = io.StringIO()
    write_events([formula_event()], fmt, raw, raw_cells=True)
    assert FORMULA in [c for row in csv.reader(io.StringIO(raw.getvalue())) for c in row]


def test_gdelt_neutralises_text_but_keeps_negative_numbers():
    buf = io.StringIO()
    write_events([formula_event()], "gdelt", buf)
    row = dict(zip(GDELT_COLUMNS, buf.getvalue().rstrip("\n").split("\t"), strict=True))
    assert row["Actor1Name"].startswith("'+CMD")
    assert row["GoldsteinScale"] == "-6.5"
    raw = io.StringIO()
    write_events([formula_event()], "gdelt", raw, raw_cells=True)
    assert "\t+CMD" in raw.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "plover"])
def test_json_lines_escape_unicode_line_separators(fmt):
    ev = protest_event().model_copy(update={"evidence": Evidence(
        sentence="One\u2028two\u2029three", start=0, end=13, trigger="two")})
    buf = io.StringIO()
    write_events([ev], fmt, buf)
    text = buf.getvalue()
    assert "\u2028" not in text and "\u2029" not in text
    assert len(text.splitlines()) == 1            # str.splitlines splits on U+2028 too
    record = json.loads(text)
    sentence = record["evidence"]["sentence"] if fmt == "jsonl" else record["event_text"][0]
    assert sentence == "One\u2028two\u2029three"


def test_export_bytes_gives_the_file_for_a_download():
    data = export_bytes(EVENTS, "acled", documents={"doc1": DOC})
    assert data.decode("utf-8").splitlines()[0].startswith("event_id_cnty,")
    assert export_bytes(EVENTS, "parquet")[:4] == b"PAR1"


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


def test_cli_export_asserted_by_default_and_options(tmp_path):
    from typer.testing import CliRunner

    from tacitus.cli.main import app
    from tacitus.store import Store

    db = f"sqlite:///{tmp_path / 'x.db'}"
    negated = formula_event().model_copy(update={"event_id": "doc1#1", "modality": "negated"})
    with Store(db) as store:
        store.add(DOC, [protest_event(), negated])
    runner = CliRunner()

    def export(*options) -> tuple[int, str]:
        out = tmp_path / "out.txt"
        result = runner.invoke(app, ["export", "--db", db, "-o", str(out), *options])
        return result.exit_code, out.read_text(encoding="utf-8") if out.exists() else ""

    code, text = export("-f", "gdelt")
    assert code == 0 and len(text.splitlines()) == 1
    code, text = export("-f", "gdelt", "--all-modalities")
    assert len(text.splitlines()) == 2 and "'+CMD" in text
    code, text = export("-f", "acled", "--modality", "negated", "--raw-cells")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and FORMULA in rows[1]
    code, text = export("-f", "jsonl")
    assert len(text.splitlines()) == 2
    code, _ = export("-f", "acled", "--modality", "negated", "--all-modalities")
    assert code == 2
