"""`tacitus ingest`: code inputs into the event store; resumable, in parallel or on Dask."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Self

import typer

from tacitus.cli.common import (
    CODER_HELP,
    MODEL_HELP,
    SPACY_HELP,
    InputStats,
    coder_choice,
    documents,
    err,
    parse_date,
    problem,
    read_dates_file,
)
from tacitus.errors import TacitusError

if TYPE_CHECKING:
    from tacitus.ingest.runner import IngestSummary

EXIT_INTERRUPTED = 130


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, .jsonl, or - for stdin.")],
    db: Annotated[str | None, typer.Option(
        help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Coding processes (DB writes stay in this one).")] = 1,
    dask: Annotated[str | None, typer.Option(
        help="Run on a Dask cluster: scheduler address (tcp://host:8786) or 'local'.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs without one.")] = None,
    dates: Annotated[Path | None, typer.Option(help="TSV of file name → publication date.")] = None,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    model: Annotated[Path | None, typer.Option(help=MODEL_HELP, file_okay=False)] = None,
    spacy_model: Annotated[str | None, typer.Option(help=SPACY_HELP)] = None,
    max_mb: Annotated[float, typer.Option(help="Skip inputs larger than this many MB.")] = 20.0,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per batch sent to a worker.")] = 8,
    partition_size: Annotated[int, typer.Option(min=1, help="Documents per Dask partition.")] = 64,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
) -> None:
    """Code inputs and store documents + events; documents already stored are skipped."""
    from tacitus.config import Settings
    from tacitus.registry import resolve_coder_name
    from tacitus.store import Store, normalize_url

    url = normalize_url(db)
    coder, model_dir = coder_choice(coder, model)
    settings = Settings.load(model=spacy_model, db=url, coder=coder, coder_model=model_dir)
    resolve_coder_name(settings.coder)   # an unknown coder: one line, before any work
    if dask:
        _run_dask(inputs, url, dask, settings, as_json, partition_size,
                  parse_date(published), max_mb)
        return
    store = Store(url)
    stats = InputStats()
    docs = documents(inputs, parse_date(published), max_mb, read_dates_file(dates), stats)
    from tacitus.ingest.runner import IngestSummary

    summary = IngestSummary()
    show = not quiet and err.is_terminal
    try:
        with _Progress(show, _count_inputs(inputs) if show else None) as bar:
            _run(docs, store, settings, workers, batch_size, summary, bar)
    except TacitusError as exc:
        summary.problems += stats.skipped
        problem(str(exc))
        _finish(summary, as_json, store.display_url)
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.problems += stats.skipped
        _finish(summary, as_json, store.display_url)
        raise typer.Exit(code=EXIT_INTERRUPTED) from None
    finally:
        store.close()
    summary.problems += stats.skipped
    _finish(summary, as_json, store.display_url)
    if summary.done == 0:
        raise typer.Exit(code=1)


def _run(docs, store, settings, workers, batch_size, summary, bar) -> None:
    from tacitus.ingest.runner import ingest as run_ingest

    run_ingest(docs, store, settings=settings, workers=max(1, workers), batch_size=batch_size,
               summary=summary, on_progress=bar.update, on_problem=problem)


def _finish(summary: IngestSummary, as_json: bool, where: str) -> None:
    err.print(f"{summary.line()} → {where}", markup=False)
    if as_json:
        typer.echo(json.dumps(summary.as_dict()))


def _run_dask(inputs: list[str], url: str, scheduler: str, settings, as_json: bool,
              partition_size: int, published, max_mb: float) -> None:
    try:
        from tacitus.scale.dask_runner import run
    except ImportError as exc:
        problem(f"--dask needs Dask: pip install 'tacitus[dask]' ({exc.name} is missing)")
        raise typer.Exit(code=2) from None
    try:
        result = run(inputs, url, scheduler=scheduler, settings=settings, on_problem=problem,
                     partition_size=partition_size, published=published, max_mb=max_mb)
    except TacitusError as exc:
        problem(str(exc))
        raise typer.Exit(code=1) from None
    except OSError as exc:  # distributed raises OSError when it cannot reach the scheduler
        problem(f"Dask scheduler {scheduler}: {exc}")
        raise typer.Exit(code=1) from None
    err.print(result.line(), markup=False)
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
    if result.done == 0:
        raise typer.Exit(code=1)


def _count_inputs(inputs: list[str]) -> int | None:
    """How many documents the inputs hold, cheaply (for the ETA); None when unknown."""
    from tacitus.ingest.readers import JSONL_SUFFIXES, walk_directory

    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-":
            return None
        if path.is_dir():
            files = walk_directory(path)
        elif path.exists():
            files = [path]
        else:
            continue
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                total += _count_lines(file)
            else:
                total += 1  # a .json file may hold several; the bar then just runs over
    return total


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        for line in fh:
            count += bool(line.strip())
    return count


class _Progress:
    """A rich progress bar on stderr with docs/s and ETA; does nothing when hidden."""

    def __init__(self, show: bool, total: int | None):
        self.show = show
        self.total = total
        self.bar = None
        self.task = None

    def __enter__(self) -> Self:
        if self.show:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("{task.fields[events]} events"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=err, transient=False)
            self.bar.__enter__()
            self.task = self.bar.add_task("ingest", total=self.total, rate=0.0, events=0)
        return self

    def update(self, summary: IngestSummary) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=summary.done + summary.problems,
                            rate=summary.docs_per_second, events=summary.events)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

