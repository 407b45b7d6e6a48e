"""Conflict analysis: series, escalation alerts, actor network, plots and their CLI commands.

The store holds a known pattern: RUS→UKR cooperation for eight weeks (with two verbal
conflict events), then a burst of six assaults in week nine; USA→CHN steady verbal
conflict every week; domestic Belarusian events; planned (not asserted) ISR→IRN strikes.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from tacitus.analysis import (
    alerts,
    country_series,
    dyad_series,
    network,
    parse_days,
    plot_series,
)
from tacitus.cli.main import app
from tacitus.records import Actor, Document, Event, Evidence
from tacitus.store import Store

START = date(2020, 6, 1)                     # a Monday: week 0
BURST_WEEK = START + timedelta(weeks=8)      # 2020-07-27
LAST_DAY = BURST_WEEK + timedelta(days=6)    # 2020-08-02, a Sunday
QUAD_TYPE = {1: ("CONSULT", 1.0), 2: ("AID", 7.4), 3: ("ACCUSE", -2.0), 4: ("ASSAULT", -10.0)}


def actor(code: str | None) -> Actor | None:
    if code is None:
        return None
    return Actor(text=code, name=code, country=code[:3], sector=code[3:] or None, code=code)


class Builder:
    """Hand-made events, one document each, with the fields the analyses read."""

    def __init__(self) -> None:
        self.items: list[tuple[Document, Event]] = []

    def add(self, day: date | None, src: str | None, tgt: str | None, quad: int, *,
            published: date | None = None, modality: str = "asserted") -> str:
        n = len(self.items)
        doc = Document(doc_id=f"d{n}", text=f"report number {n}", published=published or day)
        event_type, goldstein = QUAD_TYPE[quad]
        event = Event(
            event_id=f"d{n}#0", doc_id=doc.doc_id, published=doc.published, date=day,
            date_precision="day" if day else "unknown", event_type=event_type,
            goldstein=goldstein, quad_class=quad, source=actor(src), target=actor(tgt),
            modality=modality,
            evidence=Evidence(sentence=doc.text, start=0, end=len(doc.text), trigger="x"),
        )
        self.items.append((doc, event))
        return event.event_id


def week_day(week: int, weekday: int = 2) -> date:
    return START + timedelta(weeks=week, days=weekday)


@pytest.fixture(scope="module")
def pattern():
    b = Builder()
    ids: dict[str, list[str]] = {"burst": []}
    for week in range(8):
        if week == 4:
            continue  # a quiet week with no RUS→UKR events: must be zero-filled
        if week == 3:
            # undated event: placed by its publication date (Wednesday of week 3)
            b.add(None, "RUSGOV", "UKRMIL", 1, published=week_day(3))
        else:
            b.add(week_day(week), "RUSGOV", "UKRMIL", 1)
        b.add(week_day(week, 3), "RUSGOV", "UKRMIL", 2)
    b.add(week_day(2), "RUSGOV", "UKRMIL", 3)
    b.add(week_day(5), "RUSGOV", "UKRMIL", 3)
    b.add(week_day(1), "UKRMIL", "RUSGOV", 3)  # the reverse direction
    for day in range(6):
        ids["burst"].append(b.add(BURST_WEEK + timedelta(days=day + 1), "RUSGOV", "UKRMIL", 4))
    for week in range(9):
        for k in range(4):  # steady conflict: many events, but no change
            b.add(week_day(week, k), "USAGOV", "CHNGOV", 3)
        b.add(week_day(week, 4), "BLRCOP", "BLRCVL", 4)
    b.add(START, "BLRCOP", None, 4)  # first day of the history; target unknown
    for day in range(5):
        b.add(BURST_WEEK + timedelta(days=day), "ISRMIL", "IRNMIL", 4, modality="planned")
    b.add(None, "SYRGOV", "TURGOV", 4)  # neither an event date nor a publication date
    return b, ids


@pytest.fixture(scope="module")
def store(pattern, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('analysis') / 'events.db'}"
    with Store(url) as store:
        for doc, event in pattern[0].items:
            store.add(doc, [event])
        yield store


# -- series ------------------------------------------------------------------------------


def test_dyad_series_counts_each_week_and_zero_fills_gaps(store):
    rows = dyad_series(store, "RUS", "UKR", by="week")
    assert [r["period"] for r in rows] == [
        (START + timedelta(weeks=w)).isoformat() for w in range(9)]
    week2, week4, burst = rows[2], rows[4], rows[8]
    assert (week2["events"], week2["quad1"], week2["quad2"], week2["quad3"]) == (3, 1, 1, 1)
    assert week2["conflict"] == 1 and week2["cooperation"] == 2
    assert week4 == {"period": "2020-06-29", "events": 0, "quad1": 0, "quad2": 0, "quad3": 0,
                     "quad4": 0, "goldstein_sum": 0.0, "goldstein_mean": None,
                     "conflict": 0, "cooperation": 0}
    assert burst["quad4"] == burst["conflict"] == 6
    assert burst["goldstein_sum"] == -60.0 and burst["goldstein_mean"] == -10.0


def test_undated_event_is_placed_by_publication_date(store):
    rows = dyad_series(store, "RUS", "UKR", by="week")
    assert rows[3]["events"] == 2 and rows[3]["quad1"] == 1


def test_both_directions_adds_the_reverse_dyad(store):
    one_way = dyad_series(store, "RUS", "UKR")
    both = dyad_series(store, "RUS", "UKR", both_directions=True)
    assert both[1]["quad3"] == one_way[1]["quad3"] + 1
    assert sum(r["events"] for r in both) == sum(r["events"] for r in one_way) + 1


def test_actor_codes_match_as_well_as_countries(store):
    by_code = dyad_series(store, "BLRCOP", "blrcvl", by="month")
    by_country = dyad_series(store, "BLR", "BLR", by="month")
    assert by_code == by_country
    assert [r["period"] for r in by_code] == ["2020-06-01", "2020-07-01"]
    assert dyad_series(store, "RUSMIL", "UKR") == []


def test_since_until_bound_the_periods(store):
    rows = dyad_series(store, "USA", "CHN", since="2020-06-10", until=date(2020, 6, 20))
    assert [r["period"] for r in rows] == ["2020-06-08", "2020-06-15"]
    # USA→CHN events fall Monday to Thursday: the 10th and 11th, then all of 15th–18th
    assert [r["events"] for r in rows] == [2, 4]


def test_country_series_counts_domestic_events_once(store):
    rows = country_series(store, "BLR", by="month")
    assert sum(r["events"] for r in rows) == 9 + 1  # weekly domestic + one unknown target


def test_series_leave_out_planned_events_unless_asked(store):
    assert country_series(store, "ISR") == []
    rows = country_series(store, "ISR", include_all_modalities=True)
    assert sum(r["quad4"] for r in rows) == 5


def test_events_without_any_date_stay_out_of_series(store):
    assert country_series(store, "SYR") == []


def test_unknown_period_is_refused(store):
    with pytest.raises(ValueError, match="fortnight"):
        dyad_series(store, "RUS", "UKR", by="fortnight")


# -- alerts ------------------------------------------------------------------------------


def test_alerts_fire_on_the_burst(store, pattern):
    found = {(a.kind, a.key): a for a in alerts(store, window_days=7, baseline_days=56)}
    dyad = found[("dyad", "RUS→UKR")]
    assert (dyad.window_start, dyad.window_end) == (BURST_WEEK, LAST_DAY)
    assert dyad.events == 6 and dyad.baseline_windows == 8
    assert dyad.baseline_mean == 0.25 and dyad.score == pytest.approx(5.75)
    assert dyad.ratio == 24.0
    assert sorted(dyad.event_ids) == sorted(pattern[1]["burst"])
    assert dyad.negative_goldstein == -60.0 and dyad.goldstein_change < -10
    assert ("country", "RUS") in found and ("country", "UKR") in found


def test_steady_conflict_and_planned_events_do_not_alert(store):
    keys = {a.key for a in alerts(store)}
    assert "USA→CHN" not in keys and "USA" not in keys  # many events, but as usual
    assert "BLR" not in keys
    assert "ISR→IRN" not in keys  # planned strikes did not happen
    with_planned = {a.key for a in alerts(store, include_all_modalities=True)}
    assert "ISR→IRN" in with_planned


def test_no_alerts_during_the_quiet_baseline(store):
    assert alerts(store, now=BURST_WEEK - timedelta(days=1)) == []
    assert alerts(store, now=(BURST_WEEK - timedelta(days=1)).isoformat()) == []


def test_min_events_and_z_thresholds_hold_back_alerts(store):
    assert alerts(store, min_events=7) == []
    assert alerts(store, z=6.0) == []


def test_no_alerts_without_history_before_the_window(store):
    # the window starts on the first stored day: there is no baseline to compare with
    assert alerts(store, now=START + timedelta(days=6)) == []


def test_alert_json_is_serialisable(store):
    alert = alerts(store)[0]
    data = json.loads(json.dumps(alert.to_json_dict()))
    assert data["window_end"] == LAST_DAY.isoformat()
    assert "max(std, 1)" in data["method"]


def test_durations_parse():
    assert [parse_days(t) for t in ("7d", "2w", "8W", "14")] == [7, 14, 56, 14]
    for bad in ("", "w", "7x", "0d", "-3"):
        with pytest.raises(ValueError):
            parse_days(bad)


# -- network -----------------------------------------------------------------------------


def test_network_edges_and_nodes(store):
    graph = network(store)
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    rus_ukr = edges[("RUSGOV", "UKRMIL")]
    assert rus_ukr["events"] == 14 + 2 + 6
    assert rus_ukr["quad"] == {1: 7, 2: 7, 3: 2, 4: 6}
    assert rus_ukr["dominant_quad"] == 2  # 7 and 7: the tie goes to the higher class
    assert edges[("USAGOV", "CHNGOV")]["dominant_quad"] == 3
    assert edges[("USAGOV", "CHNGOV")]["goldstein_mean"] == -2.0
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["BLRCOP"]["label"] == "Belarus police"
    assert nodes["BLRCOP"]["events"] == 9  # the event with an unknown target is left out
    assert "ISRMIL" not in nodes
    # undated events still say who acted on whom, unless a date range is asked for
    assert ("SYRGOV", "TURGOV") in edges
    assert "SYRGOV" not in {e["source"] for e in network(store, since=START)["edges"]}


def test_network_filters(store):
    assert network(store, limit=1)["edges"][0]["source"] == "USAGOV"  # 36 events, the most
    small = network(store, min_events=10)
    assert {(e["source"], e["target"]) for e in small["edges"]} == {
        ("USAGOV", "CHNGOV"), ("RUSGOV", "UKRMIL")}
    assert {n["id"] for n in small["nodes"]} == {"USAGOV", "CHNGOV", "RUSGOV", "UKRMIL"}
    recent = network(store, since=BURST_WEEK, until=LAST_DAY)
    assert {e["source"]: e["events"] for e in recent["edges"]}["RUSGOV"] == 6


# -- plots -------------------------------------------------------------------------------


def test_plot_writes_png_and_svg(store, tmp_path):
    rows = dyad_series(store, "RUS", "UKR")
    png = plot_series(rows, tmp_path / "trend.png", "RUS → UKR")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot_series(rows, tmp_path / "sub" / "trend.svg", "RUS → UKR")
    assert b"<svg" in svg.read_bytes()[:2000]
    with pytest.raises(ValueError, match=".png or .svg"):
        plot_series(rows, tmp_path / "trend.pdf", "x")


# -- CLI ---------------------------------------------------------------------------------

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_cli_trend_json_csv_and_plot(store, tmp_path):
    result = run("trend", "RUS", "UKR", "--db", store.url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == dyad_series(store, "RUS", "UKR")
    result = run("trend", "rus", "ukr", "--db", store.url, "--by", "month", "--format", "csv",
                 "--both-directions")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("period,events,quad1") and lines[1].startswith("2020-06-01,")
    chart = tmp_path / "t.svg"
    result = run("trend", "BLR", "--db", store.url, "--plot", str(chart))
    assert result.exit_code == 0 and chart.exists()
    assert "BLR" in result.stdout


def test_cli_alerts(store):
    result = run("alerts", "--window", "7d", "--baseline", "8w", "--db", store.url,
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert "RUS→UKR" in {a["key"] for a in json.loads(result.stdout)}
    table = run("alerts", "--db", store.url)
    assert "RUS→UKR" in table.stdout
    quiet = run("alerts", "--db", store.url, "--as-of", "2020-07-26", "--format", "json")
    assert json.loads(quiet.stdout) == []
    bad = run("alerts", "--window", "seven", "--db", store.url)
    assert bad.exit_code == 2


def test_cli_network(store):
    result = run("network", "--db", store.url, "--format", "json", "--min-events", "10")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["edges"]) == 2
    table = run("network", "--db", store.url)
    assert "BLRCOP" in table.stdout and "police" in table.stdout  # code and readable label


def test_cli_reports_an_unreachable_database(tmp_path):
    # nothing listens on port 1: the server cannot be reached
    result = run("network", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.exit_code == 1
    assert "E040" in result.output
