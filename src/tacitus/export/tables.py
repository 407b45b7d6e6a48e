"""Row-per-event text formats: jsonl, csv, delimited (GDELT), and Parquet with the csv columns."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import IO

from tacitus.export.flat import CSV_COLUMNS, FLAT_COLUMNS, flat_row
from tacitus.export.safety import json_line, safe_cell
from tacitus.records import Event

PARQUET_BATCH = 5000


def write_jsonl(events: Iterable[Event], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json_line(ev.to_json_dict()) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], fh: IO[str], raw_cells: bool = False) -> int:
    """Header + one row per event: text quoted, numbers and empty cells bare.

    Quoting every text cell keeps codes such as CAMEO "042" text for readers that tell
    text from numbers by the quotes; cells a spreadsheet would run as formulas are
    neutralised unless `raw_cells` (see tacitus.export.safety).
    """
    return write_quoted((_flat_values(ev) for ev in events), CSV_COLUMNS, fh, raw_cells)


def _flat_values(ev: Event) -> list:
    row = flat_row(ev)
    return [row[c] for c in CSV_COLUMNS]


def write_quoted(rows: Iterable[list], columns: list[str], fh: IO[str],
                 raw_cells: bool = False) -> int:
    fh.write(",".join(_quote(c) for c in columns) + "\n")
    n = 0
    for row in rows:
        fh.write(",".join(_csv_field(v, raw_cells) for v in row) + "\n")
        n += 1
    return n


def _csv_field(value, raw: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, date):
        return _quote(value.isoformat())
    return _quote(safe_cell(str(value), raw))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_delimited(rows: Iterable[list], fh: IO[str], sep: str = "\t",
                    raw_cells: bool = False) -> int:
    """Rows with no header and no quoting: tabs and newlines inside values become spaces.

    Used for GDELT's tab-separated files, which are read by splitting on tabs. Text
    cells a spreadsheet would run as formulas are neutralised unless `raw_cells`;
    numbers (a Goldstein score of -6.5) are written as numbers.
    """
    n = 0
    for row in rows:
        fh.write(sep.join(_clean(_plain(v, raw_cells), sep) for v in row) + "\n")
        n += 1
    return n


def _plain(value, raw: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    # cleaned before the check: a cell may start with a tab that becomes a space
    return safe_cell(" ".join(str(value).split("\t")).lstrip("\r\n"), raw)


def _clean(text: str, sep: str) -> str:
    return text.replace(sep, " ").replace("\r", " ").replace("\n", " ")


def write_parquet(events: Iterable[Event], fh: IO[bytes]) -> int:
    """The CSV columns with real types, plus `record`: the full event as JSON text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(pa)
    n = 0
    with pq.ParquetWriter(fh, schema) as writer:
        batch: list[dict] = []
        for ev in events:
            row = flat_row(ev)
            row["record"] = json.dumps(ev.to_json_dict(), ensure_ascii=False)
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        # an empty export still writes a valid file with the schema
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        n += len(batch)
    return n


def _parquet_schema(pa):
    types = {str: pa.string(), float: pa.float64(), int: pa.int64(), date: pa.date32()}
    fields = [pa.field(name, types[kind]) for name, kind in FLAT_COLUMNS]
    return pa.schema([*fields, pa.field("record", pa.string())])
