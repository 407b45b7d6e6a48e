"""Exports of coded events: jsonl, csv, parquet, and GDELT, ACLED and PLOVER layouts.

    write_events(events, "csv", "events.csv")
    write_events(events, "gdelt", sys.stdout, documents={doc.doc_id: doc})
    export_bytes(events, "acled", documents=docs)          # the file's bytes, for a download
    write_mentions(merged_events, "mentions.tsv", documents=docs)   # GDELT Mentions table

`documents` (doc_id -> Document or a dict with url/title/source/ingested_at) is optional;
it fills GDELT's SOURCEURL and DATEADDED, ACLED's source and timestamp and PLOVER's
cite_info. GDELT and ACLED files hold asserted events unless `modalities` says otherwise;
the other formats keep every modality, labelled. See docs/exports.md.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping

from tacitus.export._io import Out, binary_out, text_out
from tacitus.export.acled import ACLED_COLUMNS, acled_rows
from tacitus.export.flat import CSV_COLUMNS, flat_row
from tacitus.export.gdelt import GDELT_COLUMNS, GDELT_NUMERIC, gdelt_rows
from tacitus.export.mentions import MENTION_COLUMNS, mention_rows
from tacitus.export.plover import plover_records
from tacitus.export.safety import json_line, numeric_id
from tacitus.export.tables import (
    write_csv,
    write_delimited,
    write_jsonl,
    write_parquet,
    write_quoted,
)
from tacitus.records import Event

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "acled", "plover")
ALL_MODALITIES = ("asserted", "negated", "planned", "hypothetical")
# GDELT and ACLED record what happened; the other formats label modality instead.
ASSERTED_ONLY = frozenset({"gdelt", "acled"})


def default_modalities(fmt: str) -> tuple[str, ...]:
    return ("asserted",) if fmt in ASSERTED_ONLY else ALL_MODALITIES


def write_events(events: Iterable[Event], fmt: str, out: Out,
                 documents: Mapping | None = None, *,
                 modalities: Iterable[str] | None = None, raw_cells: bool = False) -> int:
    """Write events in format `fmt` to a path or an open stream; returns rows written.

    `modalities`: which events to write (default: asserted for gdelt/acled, all others).
    `raw_cells`: write text cells as they are (no spreadsheet-formula neutralising).
    A stream is written to and flushed but never closed. Parquet needs a path or a binary
    stream (a text stream with a `.buffer`, like sys.stdout, also works).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    keep = frozenset(modalities if modalities is not None else default_modalities(fmt))
    unknown = keep - set(ALL_MODALITIES)
    if unknown:
        raise ValueError(f"unknown modality {min(unknown)!r}; choose from "
                         f"{', '.join(ALL_MODALITIES)}")
    if keep != set(ALL_MODALITIES):
        events = (ev for ev in events if ev.modality in keep)
    if fmt == "parquet":
        with binary_out(out) as fh:
            return write_parquet(events, fh)
    with text_out(out) as fh:
        n = _write_text(events, fmt, fh, documents, raw_cells)
        fh.flush()
        return n


def export_bytes(events: Iterable[Event], fmt: str, documents: Mapping | None = None,
                 **options) -> bytes:
    """The whole export as bytes (UTF-8 text, or a Parquet file), e.g. for a download."""
    if fmt == "parquet":
        buffer = io.BytesIO()
        write_events(events, fmt, buffer, documents, **options)
        return buffer.getvalue()
    text = io.StringIO(newline="")
    write_events(events, fmt, text, documents, **options)
    return text.getvalue().encode("utf-8")


def write_mentions(events: Iterable[Event], out: Out, documents: Mapping | None = None, *,
                   event_of: Callable[[str], Event | None] | None = None,
                   text_of: Callable[[str], str | None] | None = None,
                   raw_cells: bool = False) -> int:
    """GDELT 2.0 Mentions table (tab-separated, no header) for `events`; rows written."""
    with text_out(out) as fh:
        n = write_delimited(mention_rows(events, documents, event_of, text_of), fh, "\t",
                            raw_cells)
        fh.flush()
        return n


def _write_text(events, fmt: str, fh, documents, raw_cells: bool) -> int:
    if fmt == "jsonl":
        return write_jsonl(events, fh)
    if fmt == "csv":
        return write_csv(events, fh, raw_cells)
    if fmt == "gdelt":
        return write_delimited(gdelt_rows(events, documents), fh, "\t", raw_cells)
    if fmt == "acled":
        return _write_acled(events, fh, documents, raw_cells)
    return _write_plover(events, fh, documents)


def _write_acled(events, fh, documents, raw_cells: bool) -> int:
    import csv

    from tacitus.export.safety import safe_cell

    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    n = 0
    for row in acled_rows(events, documents):
        writer.writerow(["" if v is None else safe_cell(v, raw_cells) for v in row])
        n += 1
    return n


def _write_plover(events, fh, documents) -> int:
    n = 0
    for record in plover_records(events, documents):
        fh.write(json_line(record) + "\n")
        n += 1
    return n


__all__ = ["ACLED_COLUMNS", "ALL_MODALITIES", "CSV_COLUMNS", "FORMATS", "GDELT_COLUMNS",
           "GDELT_NUMERIC", "MENTION_COLUMNS", "default_modalities", "export_bytes",
           "flat_row", "numeric_id", "write_events", "write_mentions", "write_quoted"]
