"""Terminal rendering: the events table and the summary by type and by dyad."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
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


WIDE = 120            # narrower terminals get one block per event instead of a table
EVIDENCE_CHARS = 300  # longer evidence sentences are shortened at a word boundary


def day_label(event: Event) -> str:
    """The event's date, or its publication date marked as such (the date rule)."""
    if event.date is not None:
        return str(event.date)
    return f"{event.published} (published)" if event.published else "-"


def evidence_text(event: Event, limit: int = EVIDENCE_CHARS) -> Text:
    """The evidence sentence, shortened at a word boundary, trigger in bold. A Text, so
    markup in a report never styles the terminal."""
    sentence = " ".join(event.evidence.sentence.split())
    if len(sentence) > limit:
        sentence = textwrap.shorten(sentence, limit, placeholder=" …")
    text = Text(sentence)
    trigger = event.evidence.trigger
    at = sentence.find(trigger) if trigger else -1
    if at >= 0:
        text.stylize("bold", at, at + len(trigger))
    return text


def _cameo(e: Event) -> str:
    return f"{e.cameo} ({e.goldstein:+g})" if e.cameo and e.goldstein is not None else "-"


def events_table(events: Iterable[Event], title: str = "Events") -> Table:
    """All fields in columns: for terminals at least WIDE characters wide."""
    table = Table(title=title, show_lines=False, expand=True)
    for column in ("date", "type/mode", "cameo", "source", "target", "where", "how many",
                   "modality"):
        table.add_column(column, overflow="fold")
    table.add_column("evidence", overflow="fold", ratio=3)
    for e in events:
        where = e.location.name if e.location else "-"
        table.add_row(
            day_label(e), f"{e.event_type}/{e.mode or '-'}", _cameo(e),
            Text(actor_label(e.source)), Text(actor_label(e.target)), Text(where),
            _quantities(e), e.modality, evidence_text(e, 160),
        )
    return table


def events_blocks(events: Iterable[Event], title: str = "Events") -> Group:
    """One short block per event, readable at 80 columns (rich wraps at spaces)."""
    parts: list = [Text(title, style="bold")]
    for e in events:
        head = Text(f"{day_label(e)}  ", style="bold")
        head.append(f"{e.event_type}/{e.mode or '-'}", style="bold")
        head.append(f"  CAMEO {_cameo(e)}  {e.modality}")
        who = Text("who    ")
        who.append(f"{actor_label(e.source)} → {actor_label(e.target)}")
        where = Text("where  ")
        where.append(e.location.name if e.location else "-")
        amounts = _quantities(e)
        if amounts:
            where.append(f"   how many  {amounts}")
        evidence = Text("“") + evidence_text(e) + Text("”")
        # wrapped lines keep the indent, so each event stays one visual block
        parts.extend([Text(""), head, *(Padding(line, (0, 0, 0, 2), expand=False)
                                        for line in (who, where, evidence))])
    return Group(*parts)


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
    """A table on wide terminals, one block per event on narrow ones (and in pipes)."""
    if out.width >= WIDE:
        out.print(events_table(events, title))
    else:
        out.print(events_blocks(events, title))


def print_summary(events: list[Event]) -> None:
    for table in summary_tables(events):
        out.print(table)
