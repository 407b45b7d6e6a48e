"""`tacitus train`: train an event classifier on gold files, for `--coder learned|hybrid`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from tacitus.cli.common import err


def train(
    gold: Annotated[list[Path], typer.Argument(
        help="Gold JSONL files: event gold (events per item) or sentence labels (ACLED sub-types, CASE codes).",
        exists=True, dir_okay=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    cv: Annotated[int, typer.Option("--cv", min=0,
        help="Cross-validation folds for the report and calibration (0: none).")] = 5,
    c: Annotated[float, typer.Option("--c", min=1e-4,
        help="Inverse regularisation strength of the logistic heads.")] = 4.0,
    name: Annotated[str | None, typer.Option(
        help="Model version written to each event's `coder` (default: the folder name).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    encoder: Annotated[str | None, typer.Option(
        help="Sentence encoder to train on: all-MiniLM-L6-v2 (float), all-MiniLM-L6-v2-int8 "
             "(about 2x less CPU when coding; default: the shipped model's) or "
             "all-MiniLM-L6-v2-static (word-piece vectors: fast, less accurate).")] = None,
    screen: Annotated[bool, typer.Option(
        help="Also train the screening model (static encoder, in DIR/screen) with which the "
             "hybrid coder reads every sentence first, and the full encoder only where its "
             "reading may change a decision (about 2x faster hybrid coding).")] = True,
) -> None:
    """Train the classifier of the learned and hybrid coders on your own gold."""
    from tacitus.learn.examples import read_examples
    from tacitus.learn.model import train as train_model

    if encoder is not None:
        from tacitus.learn.encoder import ENCODERS

        if encoder not in ENCODERS:
            raise typer.BadParameter(f"{encoder!r} is not one of {', '.join(ENCODERS)}",
                                     param_hint="--encoder")
    started = time.perf_counter()
    examples = read_examples(gold)
    err.print(f"{len(examples)} examples from {len(gold)} file(s); encoding and training…",
              markup=False)
    model = train_model(examples, version=name or output.name, sources=[p.name for p in gold],
                        cv=cv, c=c, encoder=encoder, screen=screen)
    model.save(output)
    report = {name: head.report for name, head in model.heads.items()}
    if as_json:
        typer.echo(json.dumps({"model": str(output), "version": model.version,
                               "examples": len(examples), "heads": report,
                               "screen": {n: h.report for n, h in model.screen.heads.items()}
                               if model.screen is not None else None}, indent=2))
    else:
        typer.echo(format_report(model))
        if model.screen is not None:
            typer.echo(f"screen ({model.screen.encoder}):\n{format_report(model.screen)}")
    err.print(f"model {model.version} → {output} ({time.perf_counter() - started:.0f} s)",
              markup=False)


def format_report(model) -> str:
    header = (f"{'head':<9} {'examples':>8} {'labels':>6} {'cv acc':>7} {'macro F1':>8} "
              f"{'ECE raw':>7} {'ECE':>6}  temperature")
    lines = [header]
    for name, head in model.heads.items():
        r = head.report
        if not r:
            lines.append(f"{name:<9} {'':>8} {len(head.labels):>6}   (no cross-validation)")
            continue
        lines.append(f"{name:<9} {r['n']:>8} {r['labels']:>6} {r['accuracy']:>7.3f} "
                     f"{r['macro_f1']:>8.3f} {r['ece_uncalibrated']:>7.3f} {r['ece']:>6.3f}  "
                     f"{head.temperature:.2f}")
    return "\n".join(lines)
