"""`tacitus dedup`: merge mentions of the same real-world event across documents."""

from __future__ import annotations

from typing import Annotated

import typer

from tacitus.cli.common import err, parse_date, problem
from tacitus.errors import TacitusError


def dedup(
    db: Annotated[str | None, typer.Option(
        help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")] = None,
    window_days: Annotated[int, typer.Option(
        min=0, help="Most days between two mentions' dates (after widening week/month "
                    "dates) for them to be one event.")] = 1,
    since: Annotated[str | None, typer.Option(
        help="Only merge events of documents published on or after this date.")] = None,
    rebuild: Annotated[bool, typer.Option(
        help="Forget all merges and merge every event again (after changing the window).")]
        = False,
    explain: Annotated[str | None, typer.Option(
        help="Print why this event (event id or merged id) was merged; merges nothing.")]
        = None,
) -> None:
    """Merge duplicate event mentions into merged events with mention/source/article counts."""
    from tacitus.dedup import explain as explain_event
    from tacitus.dedup import merge
    from tacitus.store import Store

    try:
        # merging writes only into an existing database: a mistyped path is E041
        with Store(db, create=False) as store:
            if explain is not None:
                typer.echo(explain_event(store, explain))
                return
            summary = merge(store, since=parse_date(since), window_days=window_days,
                            rebuild=rebuild)
            where = store.display_url
    except TacitusError as exc:
        problem(str(exc))
        raise typer.Exit(1) from None
    err.print(f"{where}: {summary.events_placed} new mentions placed, "
              f"{summary.joined} joined an existing event, {summary.new_clusters} new "
              f"merged events; {summary.clusters} merged events in all", markup=False)
    if summary.largest:
        typer.echo("largest merged events (mentions/sources/articles):")
        for row in summary.largest:
            typer.echo("  " + _largest_line(row))


def _largest_line(row: dict) -> str:
    kind = f"{row['event_type']}/{row['mode']}" if row["mode"] else row["event_type"]
    dyad = f"{row['source_code'] or '?'}→{row['target_code'] or '?'}"
    counts = f"{row['num_mentions']}/{row['num_sources']}/{row['num_articles']}"
    return (f"{counts:>9}  {kind} {dyad}, {row['location_name'] or 'place unknown'}, "
            f"{row['date'] or 'undated'}  [{row['merged_id']}]")
