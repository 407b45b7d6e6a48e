"""`tacitus trend`, `tacitus alerts`, `tacitus network`: conflict analysis over a store."""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from tacitus.cli.common import err, parse_date, writable_path
from tacitus.cli.output import out
from tacitus.errors import TacitusError

DbOption = Annotated[str | None, typer.Option(
    help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")]
SinceOption = Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD), inclusive.")]
UntilOption = Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD), inclusive.")]
AllModalities = Annotated[bool, typer.Option(
    "--all-modalities", help="Also count negated, planned and hypothetical events.")]


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class TrendFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


SERIES_COLUMNS = ("period", "events", "quad1", "quad2", "quad3", "quad4", "conflict",
                  "cooperation", "goldstein_sum", "goldstein_mean")
# the table leaves out conflict/cooperation (Q3+Q4, Q1+Q2) to fit a terminal
TABLE_COLUMNS = {"period": "period", "events": "events", "quad1": "Q1", "quad2": "Q2",
                 "quad3": "Q3", "quad4": "Q4", "goldstein_sum": "Goldstein",
                 "goldstein_mean": "mean"}
EMPTY_RUN_FOLD = 3  # fold this many or more consecutive empty periods in the table


def trend(
    source: Annotated[str, typer.Argument(help="Source actor: country (RUS) or code (BLRCOP).")],
    target: Annotated[str | None, typer.Argument(
        help="Target actor; leave out for all events of SOURCE on either side.")] = None,
    by: Annotated[Period, typer.Option(help="Period length.")] = Period.week,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    both_directions: Annotated[bool, typer.Option(
        help="Count TARGET → SOURCE events too.")] = False,
    plot: Annotated[Path | None, typer.Option(callback=writable_path, help="Also draw a chart (.png or .svg).")] = None,
    fmt: Annotated[TrendFormat, typer.Option("--format", "-f", help="Output format.")] = TrendFormat.table,
    all_modalities: AllModalities = False,
) -> None:
    """Events per period for a dyad (SOURCE → TARGET) or one country, by QuadClass."""
    from tacitus.analysis import country_series, dyad_series, plot_series
    from tacitus.filters import EventFilter, check_actor

    with _handled():
        window = EventFilter.parse(since=since, until=until)
        source = check_actor(source, "SOURCE")
        target = check_actor(target, "TARGET") if target is not None else None
    first, last = window.since, window.until
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise typer.BadParameter(f"{plot}: the plot file must end in .png or .svg")
    store = _store(db)
    with _handled():
        if target is None:
            rows = country_series(store, source, by.value, first, last,
                                  include_all_modalities=all_modalities)
            title = f"{source.upper()} (either side), events per {by.value}"
        else:
            rows = dyad_series(store, source, target, by.value, first, last,
                               both_directions=both_directions,
                               include_all_modalities=all_modalities)
            arrow = "↔" if both_directions else "→"
            title = f"{source.upper()} {arrow} {target.upper()}, events per {by.value}"
    if not rows:
        # an empty chart or table looks like a real "nothing happened": say why instead
        kind = "events" if all_modalities else "asserted events (--all-modalities for others)"
        err.print(f"no data: no dated {kind} match in {store.display_url}"
                  + ("; no chart written" if plot is not None else ""), markup=False)
        if fmt != TrendFormat.table:
            _print_series(rows, fmt, title)
        return
    _print_series(rows, fmt, title)
    if plot is not None:
        err.print(f"chart written to {plot_series(rows, plot, title)}")


def alerts(
    window: Annotated[str, typer.Option(help="Window length: 7d, 2w, or days.")] = "7d",
    baseline: Annotated[str, typer.Option(help="Baseline before the window: 8w, 56d.")] = "8w",
    min_events: Annotated[int, typer.Option(help="Fewest conflict events for an alert.")] = 3,
    z: Annotated[float, typer.Option(help="Lowest z-score for an alert.")] = 2.0,
    as_of: Annotated[str | None, typer.Option(
        help="Last day of the window (default: the latest event day in the store).")] = None,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    all_modalities: AllModalities = False,
) -> None:
    """Dyads and countries whose conflict events in the latest window rise above baseline."""
    from tacitus.analysis import alerts as find_alerts

    window_days, baseline_days = _days(window, "--window"), _days(baseline, "--baseline")
    if baseline_days < window_days:
        raise typer.BadParameter("--baseline must be at least as long as --window")
    store = _store(db)
    with _handled():
        found = find_alerts(store, window_days, baseline_days, min_events, z,
                            now=parse_date(as_of), include_all_modalities=all_modalities)
    if fmt == ReportFormat.json:
        json.dump([a.to_json_dict() for a in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if not found:
        err.print("no alerts: no dyad or country rose above its baseline "
                  "(or the store holds less history than one window plus one baseline window)")
        return
    out.print(_alerts_table(found))
    err.print(found[0].method)


def network(
    since: SinceOption = None,
    until: UntilOption = None,
    min_events: Annotated[int, typer.Option(help="Drop edges with fewer events.")] = 1,
    limit: Annotated[int, typer.Option(min=1, help="Keep this many edges, busiest first.")] = 200,
    db: DbOption = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    all_modalities: AllModalities = False,
) -> None:
    """The actor network: actors as nodes, source → target events as edges."""
    from tacitus.analysis import network as build_network
    from tacitus.filters import EventFilter

    with _handled():
        window = EventFilter.parse(since=since, until=until)
    store = _store(db)
    with _handled():
        graph = build_network(store, window.since, window.until, min_events, limit,
                              include_all_modalities=all_modalities)
    if fmt == ReportFormat.json:
        json.dump(graph, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    out.print(_edges_table(graph))
    err.print(f"{len(graph['nodes'])} actors, {len(graph['edges'])} edges")


# -- helpers -----------------------------------------------------------------------------


def _store(db: str | None):
    """The store to analyse: E041 (exit 1) when there is no database at `db`."""
    from tacitus.store import Store

    store = Store(db, create=False)
    with _handled():
        store.check_exists()
    return store


class _handled:
    """TacitusError (E040/E041 store failures, E080 bad filters) becomes one red line and
    exit status 1, not a traceback."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, _tb):
        if isinstance(exc, TacitusError):
            err.print(Text(str(exc), style="red"))
            raise typer.Exit(code=1)
        return False


def _days(text: str, option: str) -> int:
    from tacitus.analysis import parse_days

    try:
        return parse_days(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _print_series(rows: list[dict], fmt: TrendFormat, title: str) -> None:
    if fmt == TrendFormat.json:
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
    elif fmt == TrendFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=SERIES_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if row[k] is None else row[k]) for k in SERIES_COLUMNS}
                         for row in rows)
    elif rows:
        out.print(_series_table(rows, title))


def _series_table(rows: list[dict], title: str) -> Table:
    """The series with long runs of empty periods folded into one line (JSON/CSV keep all)."""
    table = Table(title=title)
    for header in TABLE_COLUMNS.values():
        table.add_column(header, justify="left" if header == "period" else "right",
                         no_wrap=header == "period")
    for run in _runs(rows):
        if len(run) >= EMPTY_RUN_FOLD:
            table.add_row(f"{run[0]['period']} … {run[-1]['period']}",
                          "0", *([""] * (len(TABLE_COLUMNS) - 2)),
                          style="dim")
            continue
        for row in run:
            table.add_row(*("-" if row[k] is None else str(row[k]) for k in TABLE_COLUMNS))
    return table


def _runs(rows: list[dict]) -> list[list[dict]]:
    """Rows grouped into runs: each busy period alone, consecutive empty periods together."""
    runs: list[list[dict]] = []
    for row in rows:
        if row["events"] == 0 and runs and runs[-1][0]["events"] == 0:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _alerts_table(found) -> Table:
    table = Table(title=f"Escalation alerts, window {found[0].window_start} … {found[0].window_end}")
    for column in ("kind", "key", "conflict events", "baseline mean ± std", "z", "ratio",
                   "Goldstein change", "events"):
        table.add_column(column, justify="left" if column in ("kind", "key", "events") else "right")
    for a in found:
        ids = ", ".join(a.event_ids[:3]) + (" …" if len(a.event_ids) > 3 else "")
        table.add_row(
            a.kind, a.key, str(a.events), f"{a.baseline_mean:g} ± {a.baseline_std:g}",
            f"{a.score:g}", "new" if a.ratio is None else f"{a.ratio:g}×",
            "-" if a.goldstein_change is None else f"{a.goldstein_change:+.2f}", Text(ids))
    return table


def _edges_table(graph: dict) -> Table:
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    table = Table(title="Actor network (source → target)")
    for column in ("source", "target", "events", "Q1/Q2/Q3/Q4", "dominant", "Goldstein"):
        table.add_column(column, justify="left" if column in ("source", "target") else "right")
    for e in graph["edges"]:
        table.add_row(
            Text(f"{e['source']} {labels[e['source']]}"),
            Text(f"{e['target']} {labels[e['target']]}"), str(e["events"]),
            "/".join(str(e["quad"][q]) for q in (1, 2, 3, 4)), f"Q{e['dominant_quad'] or '-'}",
            "-" if e["goldstein_mean"] is None else f"{e['goldstein_mean']:+.2f}")
    return table
