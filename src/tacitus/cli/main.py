"""Entry point: `tacitus --help`. Commands are listed in pipeline order.

Every command module imports only what its options need; spaCy, pandas, SQLAlchemy and
FastAPI are imported inside the commands that use them, so `tacitus --help` and the
read-only commands start fast (bench/bench_startup.py measures it).
"""

from __future__ import annotations

import logging
import signal
import sys
from typing import Annotated

import typer

from tacitus.cli import analysis, code, demo, evaluate, query, train
from tacitus.cli import dedup as dedup_cli
from tacitus.cli import ingest as ingest_cli
from tacitus.cli import serve as serve_cli
from tacitus.cli import watch as watch_cli
from tacitus.errors import TacitusError

app = typer.Typer(
    name="tacitus",
    help="Turn news text into evidence-linked PLOVER/CAMEO political event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from tacitus import __version__

        typer.echo(f"tacitus {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")]
        = False,
    verbose: Annotated[int, typer.Option(
        "--verbose", "-v", count=True,
        help="Log what tacitus does on stderr (-v: steps, -vv: details).")] = 0,
) -> None:
    """Turn news text into evidence-linked PLOVER/CAMEO political event data."""
    setup_logging(verbose)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time of each message (test runners and
    progress bars swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def setup_logging(verbose: int) -> None:
    """Warnings always; -v adds INFO (steps: model loaded, database opened, rows written),
    -vv DEBUG (every input read). Messages go to stderr, never into piped output."""
    level = logging.WARNING if verbose <= 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logger = logging.getLogger("tacitus")
    logger.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("tacitus: %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)


app.command("code")(code.code)
app.command("eval")(evaluate.evaluate)
app.command("train")(train.train)
app.command("demo")(demo.demo)
app.command("ingest")(ingest_cli.ingest)
app.command("events")(query.events)
app.command("stats")(query.stats)
app.command("export")(query.export)
app.command("dedup")(dedup_cli.dedup)
app.command("watch")(watch_cli.watch)
app.command("trend")(analysis.trend)
app.command("alerts")(analysis.alerts)
app.command("network")(analysis.network)
app.command("serve")(serve_cli.serve)


def _terminate_as_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """The `tacitus` script: errors a user can act on are one line, not a traceback.

    SIGTERM (kill, systemd, docker stop, a timeout) is handled as Ctrl-C: every command
    stops the way it does on Ctrl-C (ingest keeps what it stored, can be resumed, and
    stops its worker processes) instead of dying and leaving workers behind."""
    signal.signal(signal.SIGTERM, _terminate_as_interrupt)
    try:
        app()
    except TacitusError as exc:
        print(str(exc), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
