"""`tacitus review …` (the review desk from the command line) and `tacitus recode`."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from tacitus.cli.common import CODER_HELP, SPACY_HELP, err, problem
from tacitus.cli.output import out, print_events
from tacitus.cli.query import (
    CountryOption,
    DbOption,
    ModalityOption,
    ModeOption,
    SinceOption,
    TypeOption,
    UntilOption,
    _database_errors,
    _store,
    filters,
)

app = typer.Typer(help="Confirm, correct, reject and add events; export reviews as gold; "
                       "agreement figures; the review queue.", no_args_is_help=True)

ReviewerOption = Annotated[str | None, typer.Option(
    envvar="TACITUS_REVIEWER", show_envvar=True,
    help="Your reviewer name (default: your login name).")]
NoteOption = Annotated[str | None, typer.Option(help="A note kept with the review.")]
SetOption = Annotated[list[str] | None, typer.Option(
    "--set", help="FIELD=VALUE to correct (repeatable): event_type, mode, modality, date, "
                  "source_country, source_sector, target_country, target_sector, place, "
                  "place_country, participants, arrests, fatalities, injuries. "
                  "An empty VALUE means none/unknown.")]


def _reviewer(name: str | None) -> str:
    return name or os.environ.get("USER") or getpass.getuser()


def _correction(pairs: list[str] | None, **extra):
    from pydantic import ValidationError

    from tacitus.review import Correction

    values: dict = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise typer.BadParameter(f"'{pair}': give FIELD=VALUE", param_hint="--set")
        values[key.strip()] = value.strip() or None
    values.update({k: v for k, v in extra.items() if v is not None})
    try:
        return Correction(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise typer.BadParameter(f"{where}: {first['msg'].removeprefix('Value error, ')}",
                                 param_hint="--set") from None


def _write(fn, *args, **kwargs) -> dict:
    from tacitus.review import NotYourReview, ReviewError

    try:
        return fn(*args, **kwargs)
    except (ReviewError, NotYourReview, LookupError) as exc:
        problem(str(exc))
        raise typer.Exit(1) from None


def _done(review: dict) -> None:
    changed = f" ({', '.join(review['changed'])})" if review.get("changed") else ""
    err.print(f"review {review['review_id']}: {review['reviewer']} {review['action']} "
              f"{review['event_id']}{changed}", markup=False)


@app.command("confirm")
def confirm(event_id: str, db: DbOption = None, reviewer: ReviewerOption = None,
            note: NoteOption = None) -> None:
    """Confirm an event as the coder coded it."""
    from tacitus.review import review_event

    with _store(db) as store, _database_errors():
        _done(_write(review_event, store, event_id, _reviewer(reviewer), "confirm", note=note))


@app.command("correct")
def correct(event_id: str, set_: SetOption = None, db: DbOption = None,
            reviewer: ReviewerOption = None, note: NoteOption = None) -> None:
    """Correct fields of an event: --set event_type=ASSAULT --set arrests=12."""
    from tacitus.review import review_event

    correction = _correction(set_)
    with _store(db) as store, _database_errors():
        _done(_write(review_event, store, event_id, _reviewer(reviewer), "correct",
                     correction, note=note))


@app.command("reject")
def reject(event_id: str, db: DbOption = None, reviewer: ReviewerOption = None,
           note: NoteOption = None) -> None:
    """Reject an event: it is not an event (or not one the text reports)."""
    from tacitus.review import review_event

    with _store(db) as store, _database_errors():
        _done(_write(review_event, store, event_id, _reviewer(reviewer), "reject", note=note))


@app.command("add")
def add(doc_id: str,
        words: Annotated[str, typer.Argument(help="The trigger words, as in the text.")],
        event_type: Annotated[str, typer.Option("--type", help="PLOVER event type.")],
        occurrence: Annotated[int, typer.Option(help="Which occurrence of WORDS (1 = first).")] = 1,
        set_: SetOption = None, db: DbOption = None, reviewer: ReviewerOption = None,
        note: NoteOption = None) -> None:
    """Add an event the coder missed, at WORDS of document DOC_ID."""
    from tacitus.review import add_event

    correction = _correction(set_, event_type=event_type)
    with _store(db) as store, _database_errors():
        doc = store.document(doc_id)
        if doc is None:
            problem(f"no document with id '{doc_id}'")
            raise typer.Exit(1)
        at = -1
        for _ in range(max(1, occurrence)):
            at = doc["text"].find(words, at + 1)
            if at < 0:
                problem(f"'{words}' does not occur {occurrence} time(s) in '{doc_id}'")
                raise typer.Exit(1)
        _done(_write(add_event, store, doc_id, at, at + len(words), _reviewer(reviewer),
                     correction, note=note))


@app.command("list")
def list_(db: DbOption = None,
          event_id: Annotated[str | None, typer.Option(help="Reviews of this event.")] = None,
          reviewer: Annotated[str | None, typer.Option(help="Reviews by this reviewer.")] = None,
          conflicts: Annotated[bool, typer.Option(
              "--conflicts", help="Only reviews the latest coding disagrees with.")] = False,
          limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
          as_json: Annotated[bool, typer.Option("--json", help="JSON lines.")] = False) -> None:
    """List reviews, newest first, with conflicts a re-coding caused."""
    from tacitus.review import list_reviews

    with _store(db) as store, _database_errors():
        found = list_reviews(store, event_id=event_id, reviewer=reviewer,
                             conflicts=conflicts, limit=limit or None)
    if as_json:
        from tacitus.export.safety import json_line

        for item in found:
            typer.echo(json_line(item))
        return
    table = Table(title="Reviews")
    for column in ("id", "event", "reviewer", "action", "changed", "when", "conflict"):
        table.add_column(column, overflow="fold")
    for r in found:
        table.add_row(str(r["review_id"]), Text(r["event_id"]), Text(r["reviewer"]),
                      r["action"], ", ".join(r["changed"]), (r["updated_at"] or "")[:19],
                      Text(r["conflict"] or ""))
    out.print(table)


@app.command("queue")
def queue_(db: DbOption = None, event_type: TypeOption = None, country: CountryOption = None,
           mode: ModeOption = None, modality: ModalityOption = None,
           since: SinceOption = None, until: UntilOption = None,
           limit: Annotated[int, typer.Option(help="How many, least confident first.")] = 20,
           sample: Annotated[int | None, typer.Option(
               help="Instead: this many at random (honest accuracy estimates).")] = None,
           seed: Annotated[int | None, typer.Option(help="Random seed for --sample.")] = None,
           reviewer: Annotated[str | None, typer.Option(
               help="Events this reviewer has not reviewed (others may have).")] = None,
           fmt: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
           ) -> None:
    """Events waiting for review: least confident first, or a random sample."""
    from tacitus.records import Event
    from tacitus.review.queue import queue

    chosen = filters(event_type, country, None, None, None, mode, modality, since, until, None)
    with _store(db) as store, _database_errors():
        found = queue(store, chosen, limit=limit, sample=sample, seed=seed, reviewer=reviewer)
    if fmt == "jsonl":
        from tacitus.export.safety import json_line

        for e in found["events"]:
            typer.echo(json_line(e))
    else:
        print_events([Event.model_validate(e) for e in found["events"]],
                     title=f"Review queue ({found['order']})")
    err.print(f"{found['total']} unreviewed events match; showing {len(found['events'])}",
              markup=False)


@app.command("export")
def export_gold(
    output: Annotated[Path, typer.Option("--output", "-o", help="Gold JSONL file to write.")],
    db: DbOption = None,
    partial: Annotated[bool, typer.Option(
        help="Also documents with unreviewed events (taken as the coder has them).")] = False,
) -> None:
    """Write reviewed documents as a gold file for `tacitus eval`."""
    from tacitus.review.gold import write_gold

    with _store(db) as store, _database_errors():
        docs, n_events = write_gold(store, output, partial=partial)
    err.print(f"{docs} reviewed documents, {n_events} gold events written to {output}",
              markup=False)
    if docs == 0:
        problem("no fully reviewed document yet (review every event of a document, "
                "or use --partial)", fatal=False)


@app.command("stats")
def stats(db: DbOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Agreement: coder vs reviewers per field and per type; reviewer vs reviewer."""
    from tacitus.review.stats import agreement

    with _store(db) as store, _database_errors():
        figures = agreement(store)
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    out.print(f"{figures['reviews']} reviews of {figures['events']} events by "
              f"{len(figures['reviewers'])} reviewers: " +
              ", ".join(f"{n} {a}" for a, n in figures["actions"].items()))
    out.print(_share_table("Coder vs reviewer, per field (value kept)",
                           figures["coder_reviewer"]["fields"]))
    types = Table(title="Coder vs reviewer, per coded type")
    for column in ("type", "reviews", "confirmed", "corrected", "rejected", "added",
                   "type precision"):
        types.add_column(column, justify="right" if column != "type" else "left")
    for name, t in figures["coder_reviewer"]["types"].items():
        rate = t["type_precision"]
        types.add_row(name, *(str(t[k]) for k in ("reviews", "confirmed", "corrected",
                                                   "rejected", "added")),
                      "-" if rate is None else f"{rate:.0%}")
    out.print(types)
    rr = figures["reviewer_reviewer"]
    keep = rr["keep_or_reject"]
    rate = "-" if keep["rate"] is None else f"{keep['rate']:.0%}"
    out.print(f"Reviewer vs reviewer: {rr['events']} events reviewed twice or more, "
              f"{rr['pairs']} pairs; keep/reject agreement {rate}")
    if rr["pairs"]:
        out.print(_share_table("Reviewer vs reviewer, per field", rr["fields"]))


def _share_table(title: str, shares: dict) -> Table:
    table = Table(title=title)
    for column in ("field", "agree", "of", "rate"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, s in shares.items():
        table.add_row(name, str(s["agree"]), str(s["n"]),
                      "-" if s["rate"] is None else f"{s['rate']:.0%}")
    return table


def recode(
    db: DbOption = None,
    doc_id: Annotated[list[str] | None, typer.Option(
        "--doc-id", help="Re-code only this document (repeatable).")] = None,
    coder: Annotated[str | None, typer.Option(help=CODER_HELP)] = None,
    spacy_model: Annotated[str | None, typer.Option(help=SPACY_HELP)] = None,
) -> None:
    """Re-code stored documents with the current coder; reviews stay attached and
    those the new coding disagrees with are flagged."""
    from tacitus.pipeline import Pipeline
    from tacitus.review.recode import recode as run

    pipeline = Pipeline(model=spacy_model, coder=coder)

    def code(docs):
        # a failed document is reported and kept as it was (never stored as "no events")
        for outcome in pipeline.code(docs):
            yield outcome.document, outcome.events if outcome.ok else None

    with _store(db) as store, _database_errors():
        summary = run(store, code, doc_ids=doc_id or None, on_problem=problem)
    err.print(f"{summary.documents} documents re-coded: {summary.events_before} → "
              f"{summary.events_after} events; {len(summary.conflicts)} reviews now "
              "disagree with the coder (tacitus review list --conflicts). "
              "Run tacitus dedup --rebuild to merge again.", markup=False)
    for item in summary.conflicts[:20]:
        err.print(f"  {item['event_id']} ({item['reviewer']}): {item['conflict']}",
                  markup=False)
