"""Exports of coded events: jsonl, csv, parquet, and GDELT, ACLED and PLOVER layouts.

    write_events(events, "csv", "events.csv")
    write_events(events, "gdelt", sys.stdout, documents={doc.doc_id: doc})

`documents` (doc_id -> Document or a dict with url/title/source) is optional; it fills
GDELT's SOURCEURL, ACLED's source and PLOVER's cite_info. See docs/exports.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from tacitus.export._io import Out, binary_out, text_out
from tacitus.export.acled import ACLED_COLUMNS, acled_rows
from tacitus.export.flat import CSV_COLUMNS, flat_row
from tacitus.export.gdelt import GDELT_COLUMNS, gdelt_rows
from tacitus.export.plover import plover_records
from tacitus.export.tables import write_csv, write_delimited, write_jsonl, write_parquet
from tacitus.records import Event

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "acled", "plover")


def write_events(events: Iterable[Event], fmt: str, out: Out,
                 documents: Mapping | None = None) -> int:
    """Write events in format `fmt` to a path or an open stream; returns rows written.

    A stream is written to and flushed but never closed. Parquet needs a path or a binary
    stream (a text stream with a `.buffer`, like sys.stdout, also works).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        with binary_out(out) as fh:
            return write_parquet(events, fh)
    with text_out(out) as fh:
        n = _write_text(events, fmt, fh, documents)
        fh.flush()
        return n


def _write_text(events, fmt: str, fh, documents) -> int:
    if fmt == "jsonl":
        return write_jsonl(events, fh)
    if fmt == "csv":
        return write_csv(events, fh)
    if fmt == "gdelt":
        return write_delimited(gdelt_rows(events, documents), GDELT_COLUMNS, fh, "\t")
    if fmt == "acled":
        return _write_acled(events, fh, documents)
    return _write_plover(events, fh, documents)


def _write_acled(events, fh, documents) -> int:
    import csv

    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    n = 0
    for row in acled_rows(events, documents):
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return n


def _write_plover(events, fh, documents) -> int:
    n = 0
    for record in plover_records(events, documents):
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "FORMATS", "GDELT_COLUMNS", "flat_row",
           "write_events"]
