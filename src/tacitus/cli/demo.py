"""`tacitus demo`: code the bundled examples into a SQLite database and show them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tacitus.cli.common import InputStats, documents, err, problem, read_dates_file
from tacitus.cli.output import print_events, print_summary

BUNDLED = Path(__file__).resolve().parents[1] / "examples"   # shipped inside the package


def demo(
    examples: Annotated[Path | None, typer.Argument(
        help="Folder of example reports (default: the examples shipped with tacitus).",
        show_default=False)] = None,
    db: Annotated[str, typer.Option(help="Database URL or path.")] = "sqlite:///tacitus.db",
) -> None:
    """Code the example corpus into a database, then print its events and a summary."""
    from tacitus.pipeline import Pipeline
    from tacitus.store import Store

    examples = examples or BUNDLED   # works from any folder, not only a clone of the repo
    if not examples.is_dir():
        raise typer.BadParameter(f"{examples} is not a folder")
    store = Store(db)
    pipeline = Pipeline()
    stats = InputStats()
    dates = read_dates_file(examples / "published.tsv") if (examples / "published.tsv").exists() else {}
    added = 0
    for outcome in pipeline.code(documents([str(examples)], None, 20.0, dates, stats)):
        if outcome.failure:  # reported, not stored: the next run codes it again
            problem(outcome.failure)
            continue
        added += store.add(outcome.document, outcome.events)
    events = store.events()
    err.print(f"{stats.documents} documents read, {added} new in {db}, {len(events)} events stored")
    print_events(events, title=f"Events in {db}")
    print_summary(events)
