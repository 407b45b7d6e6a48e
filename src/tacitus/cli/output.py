"""Terminal rendering: the events table and the summary by type and by dyad."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tacitus.records import Actor, Event

out = Console(highlight=False)


def actor_label(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    code = actor.code or "?"
    return f"{code} ({actor.text})" if actor.text else code


def _quantities(event: Event) -> str:
    parts = []
    for name, value in event.quantities:
        if value is None:
            continue
        if name == "money":
            parts.append(f"{value.currency or ''} {value.amount:,.0f}".strip())
        else:
            low, high = value.min, value.max
            amount = f"{low}" if high in (None, low) else f"{low or ''}-{high}"
            parts.append(f"{name}={'~' if value.approximate else ''}{amount}")
    return ", ".join(parts)


def events_table(events: Iterable[Event], title: str = "Events") -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for column in ("date", "type/mode", "cameo", "source", "target", "where", "how many",
                   "modality", "evidence"):
        table.add_column(column, overflow="fold")
    for e in events:
        where = e.location.name if e.location else "-"
        # Text() keeps document words literal: markup in a report must not style the terminal.
        table.add_row(
            str(e.date or "-"), f"{e.event_type}/{e.mode or '-'}",
            f"{e.cameo} ({e.goldstein:+g})" if e.cameo and e.goldstein is not None else "-",
            Text(actor_label(e.source)), Text(actor_label(e.target)), Text(where),
            _quantities(e), e.modality, Text(f"…{e.evidence.trigger}… " + e.evidence.sentence[:90]),
        )
    return table


def summary_tables(events: list[Event]) -> list[Table]:
    by_type = Counter(e.event_type for e in events)
    by_dyad = Counter(
        (e.source.code if e.source and e.source.code else "?",
         e.target.code if e.target and e.target.code else "?") for e in events)
    t1 = Table(title="Events by type")
    t1.add_column("type")
    t1.add_column("events", justify="right")
    for name, n in by_type.most_common():
        t1.add_row(name, str(n))
    t2 = Table(title="Events by dyad (source → target)")
    t2.add_column("dyad")
    t2.add_column("events", justify="right")
    for (src, tgt), n in by_dyad.most_common(15):
        t2.add_row(f"{src} → {tgt}", str(n))
    return [t1, t2]


def print_events(events: list[Event], title: str = "Events") -> None:
    out.print(events_table(events, title))


def print_summary(events: list[Event]) -> None:
    for table in summary_tables(events):
        out.print(table)
