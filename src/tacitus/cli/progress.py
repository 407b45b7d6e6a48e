"""Progress on stderr for commands that code many documents (`code`, `eval`).

Shown only when stderr is a terminal, so pipes, files and CI logs stay clean; stdout
(events, reports) is never touched.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.console import Console

if TYPE_CHECKING:
    from tacitus.pipeline import Outcome


def with_progress(pairs: Iterable[Outcome], label: str, console: Console,
                  total: int | None = None, show: bool | None = None) -> Iterator[Outcome]:
    """The pipeline's outcomes unchanged, counted on a rich progress bar: documents
    done (of `total` when known), documents per second, events, elapsed time and ETA."""
    if show is None:
        show = console.is_terminal
    if not show:
        yield from pairs
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn(label), BarColumn() if total else SpinnerColumn(),
               MofNCompleteColumn() if total else TextColumn("{task.completed} docs"),
               TextColumn("{task.fields[rate]:.1f} docs/s"),
               TextColumn("{task.fields[events]} events"), TimeElapsedColumn()]
    if total:
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    started = time.perf_counter()
    done = events = 0
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(label, total=total, rate=0.0, events=0)
        for outcome in pairs:
            done += 1
            events += len(outcome.events)
            rate = done / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=done, rate=rate, events=events)
            yield outcome
