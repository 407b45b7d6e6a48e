"""Entry point: `tacitus --help`."""

from __future__ import annotations

import typer

from tacitus.cli import analysis, code, demo, evaluate, query
from tacitus.cli import dedup as dedup_cli
from tacitus.cli import ingest as ingest_cli
from tacitus.cli import serve as serve_cli
from tacitus.cli import watch as watch_cli

app = typer.Typer(
    name="tacitus",
    help="Turn news text into evidence-linked PLOVER/CAMEO political event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("code")(code.code)
app.command("eval")(evaluate.evaluate)
app.command("demo")(demo.demo)
app.command("trend")(analysis.trend)
app.command("alerts")(analysis.alerts)
app.command("network")(analysis.network)
app.command("ingest")(ingest_cli.ingest)
app.command("events")(query.events)
app.command("stats")(query.stats)
app.command("export")(query.export)
app.command("dedup")(dedup_cli.dedup)

app.command("serve")(serve_cli.serve)
app.command("watch")(watch_cli.watch)


if __name__ == "__main__":
    app()
