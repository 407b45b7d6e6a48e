"""`tacitus eval`: code the texts of a gold file and score the events against it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tacitus.cli.common import (
    CODER_HELP,
    MODEL_HELP,
    SPACY_HELP,
    coder_choice,
    err,
    problem,
    writable_path,
)
from tacitus.cli.progress import with_progress


def _published(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (event gold or sentence labels).", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", callback=writable_path, help="Also write the JSON report here.")] = None,
    predictions: Annotated[Path | None, typer.Option(callback=writable_path, help="Write the predicted events (JSONL) here.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="Score only the first N documents.")] = None,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    model: Annotated[Path | None, typer.Option(help=MODEL_HELP, file_okay=False)] = None,
    spacy_model: Annotated[str | None, typer.Option(help=SPACY_HELP)] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Parser processes.")] = None,
) -> None:
    """Score the coder against a gold file (event P/R/F1, per type, field accuracy)."""
    from tacitus.eval import (
        detect_format,
        format_report,
        load_gold,
        score_events,
        score_sentence_labels,
    )
    from tacitus.pipeline import Pipeline
    from tacitus.records import Document

    gold_docs = load_gold(gold)[:limit] if limit else load_gold(gold)
    docs = [Document(doc_id=str(g["doc_id"]), text=g["text"], published=_published(g.get("published")),
                     origin=f"{gold}:{g['doc_id']}") for g in gold_docs]
    coder, model_dir = coder_choice(coder, model)
    pipeline = Pipeline(model=spacy_model, n_process=workers, coder=coder, coder_model=model_dir)
    events = []
    for outcome in with_progress(pipeline.code(docs), "eval", err, total=len(docs)):
        if outcome.failure:  # scored as a document with no events, and said so
            problem(outcome.failure)
        events.extend(outcome.events)
    if predictions:
        from tacitus.export.safety import json_line

        with predictions.open("w", encoding="utf-8") as fh:
            for e in events:
                fh.write(json_line(e.to_json_dict()) + "\n")
    kind = detect_format(gold_docs)
    if kind == "events":
        report = score_events(gold_docs, events)
    else:
        report = score_sentence_labels(gold_docs, events, kind)
    report["gold_file"] = str(gold)
    if output:
        output.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    typer.echo(json.dumps(report, indent=2, default=str) if as_json else format_report(report))
