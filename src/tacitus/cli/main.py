"""Entry point: `tacitus --help`. Commands are listed in pipeline order."""

from __future__ import annotations

import sys

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


def main() -> None:
    """The `tacitus` script: errors a user can act on are one line, not a traceback."""
    try:
        app()
    except TacitusError as exc:
        print(str(exc), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
