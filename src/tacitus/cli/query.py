"""`tacitus events`, `tacitus stats`, `tacitus export`: read the event store."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tacitus.cli.common import (
    MAX_ROWS,
    err,
    open_output,
    problem,
    valid_text,
    writable_path,
)
from tacitus.cli.output import out, print_events
from tacitus.errors import TacitusError

PAGE = 2000  # events fetched per query when streaming a whole selection

DbOption = Annotated[str | None, typer.Option(
    help="Database URL or path (default: $TACITUS_DB or sqlite:///tacitus.db).")]
TypeOption = Annotated[str | None, typer.Option(
    "--type", help="PLOVER event type(s), comma-separated (PROTEST,ASSAULT).")]
CountryOption = Annotated[str | None, typer.Option(
    help="ISO3 country on either side (source or target), e.g. BLR.")]
SourceOption = Annotated[str | None, typer.Option(help="ISO3 country of the source actor.")]
TargetOption = Annotated[str | None, typer.Option(help="ISO3 country of the target actor.")]
DyadOption = Annotated[str | None, typer.Option(help="SOURCE,TARGET countries, e.g. RUS,USA.")]
ModeOption = Annotated[str | None, typer.Option(help="PLOVER mode, e.g. riot, arrest.")]
ModalityOption = Annotated[str | None, typer.Option(
    help="asserted, negated, planned or hypothetical (comma-separated for several).")]
SinceOption = Annotated[str | None, typer.Option(
    help="First day (YYYY-MM-DD), inclusive: the event date, else the publication date.")]
UntilOption = Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD), inclusive.")]
SourceSectorOption = Annotated[str | None, typer.Option(
    help="CAMEO sector of the source actor, e.g. GOV, COP.")]
TargetSectorOption = Annotated[str | None, typer.Option(
    help="CAMEO sector of the target actor, e.g. CVL.")]
PlaceOption = Annotated[str | None, typer.Option(help="Place name (exact, any case).")]
TextOption = Annotated[str | None, typer.Option(
    "--q", callback=valid_text, help="Words in the evidence sentence (case-insensitive).")]


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    acled = "acled"
    plover = "plover"


def filters(event_type: str | None = None, country: str | None = None,
            source_country: str | None = None, target_country: str | None = None,
            dyad: str | None = None, mode: str | None = None, modality: str | None = None,
            since: str | None = None, until: str | None = None, q: str | None = None,
            **more) -> dict:
    """Store.events keyword filters from the command-line options (only those given).

    Validated by the one EventFilter model the API uses too: an unknown type, country,
    mode or modality is an error listing the valid values (E080, exit 1), never 0 rows.
    """
    from tacitus.filters import EventFilter

    with _database_errors():
        return EventFilter.parse(type=event_type, country=country,
                                 source_country=source_country, target_country=target_country,
                                 dyad=dyad, mode=mode, modality=modality, since=since,
                                 until=until, q=q, **more).store_kwargs()


def _store(db: str | None):
    """The store a read-only command uses: E041 (exit 1) when there is no database, so a
    mistyped path is never a silent, freshly created, empty database."""
    from tacitus.store import Store

    store = Store(db, create=False)
    with _database_errors():
        store.check_exists()
    return store


class Order(str, Enum):
    date_desc = "date_desc"
    date_asc = "date_asc"
    mentions_desc = "mentions_desc"
    confidence_desc = "confidence_desc"


def events(
    db: DbOption = None, event_type: TypeOption = None, country: CountryOption = None,
    source_country: SourceOption = None, target_country: TargetOption = None,
    dyad: DyadOption = None, mode: ModeOption = None, modality: ModalityOption = None,
    since: SinceOption = None, until: UntilOption = None, q: TextOption = None,
    source_sector: SourceSectorOption = None, target_sector: TargetSectorOption = None,
    place: PlaceOption = None,
    order: Annotated[Order, typer.Option(
        help="date_desc: newest day first; date_asc: oldest first; or most mentions / "
             "highest confidence first.")] = Order.date_desc,
    limit: Annotated[int, typer.Option(min=0, max=MAX_ROWS, help="At most this many events (0: all).")] = 100,
    offset: Annotated[int, typer.Option(min=0, max=MAX_ROWS, help="Skip this many events first.")] = 0,
    fmt: Annotated[EventsFormat, typer.Option("--format", "-f", help="Output format.")] = EventsFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", callback=writable_path, help="Write to this file instead of stdout.")] = None,
) -> None:
    """List stored events matching the filters, newest first.

    Dates are the event's date, else its publication date (--order date_asc: oldest first).
    """
    from tacitus.export import write_events

    chosen = filters(event_type, country, source_country, target_country, dyad, mode,
                     modality, since, until, q, source_sector=source_sector,
                     target_sector=target_sector, place=place)
    with _store(db) as store, _database_errors():
        found = store.events(limit=limit or None, offset=offset, order=order.value, **chosen)
        total = store.count_events(**chosen)
        if fmt == EventsFormat.table:
            print_events(found, title=f"Events in {store.display_url}")
        else:
            stream = open_output(output)
            try:
                write_events(found, fmt.value, stream)
            finally:
                if output is not None:
                    stream.close()
    shown = f"{offset + 1}-{offset + len(found)}" if found else "none"
    err.print(f"{total} events match; showing {shown}", markup=False)


def stats(db: DbOption = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
          top: Annotated[int, typer.Option(min=1, help="Rows per table (types, countries).")] = 20) -> None:
    """Counts of stored documents and events, by type, source country, month and modality."""
    with _store(db) as store, _database_errors():
        figures = store.stats()
        where = store.display_url
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    out.print(f"{where}: {figures['documents']} documents, {figures['events']} events")
    out.print(_count_table("Events by type", "type", figures["by_type"], top))
    out.print(_count_table("Events by source country", "country", figures["by_country"], top))
    out.print(_count_table("Events by month", "month", figures["by_month"], None))
    out.print(_count_table("Events by modality", "modality", figures["by_modality"], None))


def export(
    output: Annotated[Path, typer.Option("--output", "-o", callback=writable_path, help="File to write ('-' for stdout).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.jsonl,
    db: DbOption = None, event_type: TypeOption = None, country: CountryOption = None,
    source_country: SourceOption = None, target_country: TargetOption = None,
    dyad: DyadOption = None, mode: ModeOption = None, modality: ModalityOption = None,
    since: SinceOption = None, until: UntilOption = None, q: TextOption = None,
    source_sector: SourceSectorOption = None, target_sector: TargetSectorOption = None,
    place: PlaceOption = None,
    limit: Annotated[int, typer.Option(min=0, max=MAX_ROWS, help="At most this many events (0: all).")] = 0,
    offset: Annotated[int, typer.Option(min=0, max=MAX_ROWS, help="Skip this many events first.")] = 0,
    all_modalities: Annotated[bool, typer.Option(
        "--all-modalities", help="GDELT/ACLED: also negated, planned and hypothetical "
        "events (default: asserted only; other formats keep all, labelled).")] = False,
    merged: Annotated[bool, typer.Option(
        "--merged", help="Export merged events (tacitus dedup) with their mention counts.")] = False,
    mentions: Annotated[Path | None, typer.Option(
        "--mentions", callback=writable_path, help="Also write GDELT's Mentions table for the exported events here.")] = None,
    raw_cells: Annotated[bool, typer.Option(
        "--raw-cells", help="Write text cells as they are: no neutralising of cells "
        "starting with = + - @ (for machine pipelines, not spreadsheets).")] = False,
) -> None:
    """Write stored events (all, or those matching the filters) to a file.

    Formats: jsonl, csv, parquet, GDELT, ACLED or PLOVER.
    """
    from tacitus.export import ALL_MODALITIES, write_events

    if all_modalities and modality:
        raise typer.BadParameter("give --modality or --all-modalities, not both",
                                 param_hint="--all-modalities")
    chosen = filters(event_type, country, source_country, target_country, dyad, mode,
                     modality, since, until, q, source_sector=source_sector,
                     target_sector=target_sector, place=place)
    # --modality (validated by EventFilter, possibly several) or --all-modalities opt in
    given = chosen.get("modality")
    wanted = ALL_MODALITIES if all_modalities else given and (
        (given,) if isinstance(given, str) else tuple(given))
    with _store(db) as store, _database_errors():
        to_stdout = str(output) == "-"
        target = open_output(None, binary=fmt == ExportFormat.parquet) if to_stdout else output
        documents = _DocumentInfo(store)
        written = write_events(_paged(store, chosen, limit or None, offset, merged), fmt.value,
                               target, documents=documents, modalities=wanted or None,
                               raw_cells=raw_cells)
        if mentions is not None:
            n_mentions = _write_mentions(store, chosen, limit, offset, merged, fmt.value,
                                         wanted, mentions, documents, raw_cells)
    err.print(f"{written} events written to {output}", markup=False)
    if mentions is not None:
        err.print(f"{n_mentions} mentions written to {mentions}", markup=False)


def _write_mentions(store, chosen, limit, offset, merged, fmt, wanted, path, documents,
                    raw_cells) -> int:
    """GDELT's Mentions table for the same selection the export wrote."""
    from tacitus.export import default_modalities, write_mentions

    keep = set(wanted or default_modalities(fmt))
    events = (ev for ev in _paged(store, chosen, limit or None, offset, merged)
              if ev.modality in keep)
    return write_mentions(events, path, documents, event_of=store.event,
                          text_of=documents.text, raw_cells=raw_cells)


def _paged(store, chosen: dict, limit: int | None, offset: int,
           merged: bool = False) -> Iterator:
    """The selection page by page, so an export of millions never sits in memory."""
    remaining = limit
    while remaining is None or remaining > 0:
        size = PAGE if remaining is None else min(PAGE, remaining)
        page = store.events(limit=size, offset=offset, merged=merged, **chosen)
        yield from page
        if len(page) < size:
            return
        offset += len(page)
        if remaining is not None:
            remaining -= len(page)


class _DocumentInfo(Mapping):
    """doc_id -> {url, title, source}, fetched from the store on first use."""

    def __init__(self, store):
        self.store = store
        self.cache: dict[str, dict | None] = {}

    def __getitem__(self, doc_id: str) -> dict:
        if doc_id not in self.cache:
            row = self.store.document(doc_id)
            self.cache[doc_id] = None if row is None else {
                k: row.get(k) for k in ("doc_id", "url", "title", "source", "published",
                                        "ingested_at")}
        found = self.cache[doc_id]
        if found is None:
            raise KeyError(doc_id)
        return found

    def __iter__(self):
        return iter(self.cache)

    def __len__(self) -> int:
        return len(self.cache)

    def text(self, doc_id: str) -> str | None:
        """The document's text (not cached: only the Mentions table needs it)."""
        row = self.store.document(doc_id)
        return row.get("text") if row else None

    def __bool__(self) -> bool:
        # exporters test `if documents:`; an empty cache still answers lookups
        return True


def _count_table(title: str, label: str, counts: dict, top: int | None) -> Table:
    table = Table(title=title)
    table.add_column(label)
    table.add_column("events", justify="right")
    items = list(counts.items())
    for key, n in items[:top] if top else items:
        table.add_row(str(key), str(n))
    if top and len(items) > top:
        table.add_row(f"… {len(items) - top} more", str(sum(n for _, n in items[top:])))
    return table


class _database_errors:
    """TacitusError (E040 database unreachable, E041 no database, E080 invalid filter) as
    one line and exit code 1."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if isinstance(exc, TacitusError):
            problem(str(exc))
            raise typer.Exit(code=1) from None
        return False
