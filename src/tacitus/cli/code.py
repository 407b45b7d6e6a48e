"""`tacitus code`: code files, directories, JSONL or stdin into schema-v1 events."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tacitus.cli.common import (
    CODER_HELP,
    MODEL_HELP,
    SPACY_HELP,
    InputStats,
    coder_choice,
    documents,
    err,
    open_output,
    parse_date,
    problem,
    read_dates_file,
    writable_path,
)
from tacitus.cli.output import print_events
from tacitus.cli.progress import with_progress


class CodeFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def code(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, .jsonl, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    fmt: Annotated[CodeFormat, typer.Option("--format", "-f", help="Output format.")] = CodeFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", callback=writable_path, help="Write to this file instead of stdout.")] = None,
    dates: Annotated[Path | None, typer.Option(help="TSV of file name → publication date.")] = None,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    model: Annotated[Path | None, typer.Option(help=MODEL_HELP, file_okay=False)] = None,
    spacy_model: Annotated[str | None, typer.Option(help=SPACY_HELP)] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Parser processes.")] = None,
    max_mb: Annotated[float, typer.Option(help="Skip inputs larger than this many MB.")] = 20.0,
    asserted_only: Annotated[bool, typer.Option(help="Drop negated, planned and hypothetical events.")] = False,
    raw_cells: Annotated[bool, typer.Option(
        "--raw-cells", help="CSV: write text cells as they are: no neutralising of cells "
        "starting with = + - @ (for machine pipelines, not spreadsheets).")] = False,
) -> None:
    """Code news text into events (schema v1)."""
    from tacitus.export import write_events
    from tacitus.pipeline import Pipeline  # spaCy loads only when something is coded

    coder, model_dir = coder_choice(coder, model)
    pipeline = Pipeline(model=spacy_model, n_process=workers, coder=coder, coder_model=model_dir)
    stats = InputStats()
    docs = documents(inputs, parse_date(published), max_mb, read_dates_file(dates), stats)
    table = [] if fmt == CodeFormat.table else None
    count = [0]
    # progress on stderr, unless events stream to the same terminal on stdout
    show = err.is_terminal and (output is not None or table is not None
                                or not sys.stdout.isatty())
    pairs = with_progress(pipeline.code(docs), "code", err, show=show)
    failures: list[str] = []
    events = _events(pairs, asserted_only, count, table, failures)
    if table is None:
        stream = open_output(output)
        try:
            write_events(events, fmt.value, stream, raw_cells=raw_cells)
        finally:
            if output is not None:
                stream.close()
    else:
        for _ in events:
            pass
        print_events(table)
    coded = stats.documents - len(failures)
    for failure in failures:
        problem(failure)
    err.print(f"{coded} documents coded, {count[0]} events, {stats.skipped} inputs skipped")
    if coded <= 0:
        raise typer.Exit(code=1)


def _events(outcomes, asserted_only: bool, count: list[int], keep: list | None,
            failures: list[str]):
    """Events in order, filtered; counted, and kept only when a table must be drawn.
    Coder failures go to `failures`."""
    for outcome in outcomes:
        if outcome.failure:
            failures.append(outcome.failure)
            continue
        events = outcome.events
        for event in events:
            if asserted_only and event.modality != "asserted":
                continue
            count[0] += 1
            if keep is not None:
                keep.append(event)
            yield event
