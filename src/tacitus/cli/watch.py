"""`tacitus watch`: poll RSS/Atom feeds and code each new item into the event store."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from tacitus.cli.common import CODER_HELP, MODEL_HELP, SPACY_HELP, coder_choice, err, problem
from tacitus.errors import TacitusError

EXIT_INTERRUPTED = 130


def watch(
    feeds_file: Annotated[Path, typer.Argument(
        help="Text file: one feed URL per line, or 'name<TAB>url'; '#' starts a comment.")],
    every: Annotated[str, typer.Option(help="Time between rounds: 30s, 15m, 1h.")] = "15m",
    db: Annotated[str | None, typer.Option(
        help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll one round and exit (cron, tests).")] = False,
    fetch: Annotated[bool, typer.Option("--fetch/--no-fetch",
        help="Fetch each item's article page (robots.txt permitting) or code only the feed's text.")] = True,
    max_items: Annotated[int | None, typer.Option(
        help="At most this many new items per feed per round; the rest wait for later rounds.",
        min=1)] = None,
    timeout: Annotated[float, typer.Option(
        min=0.1, help="Seconds one HTTP request may take in all (download included).")] = 20.0,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Also fetch article pages on loopback, private or "
        "link-local addresses (an intranet). Off by default: a feed item must not make "
        "tacitus read internal pages.")] = False,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    model: Annotated[Path | None, typer.Option(help=MODEL_HELP, file_okay=False)] = None,
    spacy_model: Annotated[str | None, typer.Option(help=SPACY_HELP)] = None,
) -> None:
    """Poll feeds, code new items into the database; re-polling adds nothing already seen."""
    from tacitus.feeds import FeedWatcher, parse_interval
    from tacitus.feeds import watch as run_watch
    from tacitus.store import Store

    try:
        seconds = parse_interval(every)
    except TacitusError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    if not feeds_file.is_file():
        raise typer.BadParameter(f"{feeds_file}: no such file", param_hint="FEEDS_FILE")
    store = Store(db)
    rounds = []
    watcher = None
    try:
        watcher = FeedWatcher(store, _lazy_pipeline(spacy_model, coder, model), fetch_pages=fetch,
                              max_items=max_items, timeout=timeout, report=_report,
                              allow_private=allow_private)
        with _stop_on_ctrl_c(watcher):
            rounds = run_watch(feeds_file, watcher, seconds, once=once,
                               on_round=lambda s: err.print(f"{s.line()} → {store.display_url}",
                                                            markup=False, highlight=False))
    except TacitusError as exc:
        problem(str(exc))
        raise typer.Exit(code=1) from None
    except KeyboardInterrupt:   # second Ctrl-C: stop at once (store.add is one transaction)
        raise typer.Exit(code=EXIT_INTERRUPTED) from None
    finally:
        store.close()
    if watcher is not None and watcher.stopping:
        raise typer.Exit(code=EXIT_INTERRUPTED)
    last = rounds[-1] if rounds else None
    if last is not None and last.feeds_ok == 0 and last.feeds_failed > 0:
        raise typer.Exit(code=1)   # cron should notice when nothing could be read


def _report(text: str, fatal: bool) -> None:
    problem(text, fatal)


def _lazy_pipeline(model: str | None, coder: str | None, coder_model: Path | None):
    """None (the watcher builds the default pipeline on first need) or one for
    --spacy-model / --coder."""
    if model is None and coder is None and coder_model is None:
        return None
    from tacitus.pipeline import Pipeline

    coder, model_dir = coder_choice(coder, coder_model)
    return Pipeline(model=model, coder=coder, coder_model=model_dir)


class _stop_on_ctrl_c:
    """First Ctrl-C: finish the current item, then stop. Second Ctrl-C: stop now."""

    def __init__(self, watcher):
        self.watcher = watcher
        self.previous = None

    def _handle(self, signum, frame) -> None:
        if self.watcher.stopping:
            raise KeyboardInterrupt
        err.print("stopping after the current item (Ctrl-C again to stop now)", markup=False)
        self.watcher.stop()

    def __enter__(self):
        # signal handlers can only be set from the main thread (not e.g. under a server)
        if threading.current_thread() is threading.main_thread():
            # SIGTERM as Ctrl-C: finish the item, then stop
            self.previous = (signal.signal(signal.SIGINT, self._handle),
                             signal.signal(signal.SIGTERM, self._handle))
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous[0])
            signal.signal(signal.SIGTERM, self.previous[1])
