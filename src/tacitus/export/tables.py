"""Row-per-event text formats: jsonl, csv, and the Parquet file with the same columns."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import IO

from tacitus.export.flat import CSV_COLUMNS, FLAT_COLUMNS, csv_value, flat_row
from tacitus.records import Event

PARQUET_BATCH = 5000


def write_jsonl(events: Iterable[Event], fh: IO[str]) -> int:
    n = 0
    for ev in events:
        fh.write(json.dumps(ev.to_json_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], fh: IO[str]) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for ev in events:
        row = flat_row(ev)
        writer.writerow([csv_value(row[c]) for c in CSV_COLUMNS])
        n += 1
    return n


def write_delimited(rows: Iterable[list], columns: list[str], fh: IO[str], sep: str) -> int:
    """Header + rows, no quoting: tabs and newlines inside values become spaces.

    Used for GDELT-style tab-separated files, which are read by splitting on tabs.
    """
    fh.write(sep.join(columns) + "\n")
    n = 0
    for row in rows:
        fh.write(sep.join(_clean(csv_value(v), sep) for v in row) + "\n")
        n += 1
    return n


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
    types = {str: pa.string(), float: pa.float64(), int: pa.int64(), date: pa.date32(),
             bool: pa.bool_()}
    fields = [pa.field(name, types[kind]) for name, kind in FLAT_COLUMNS]
    return pa.schema([*fields, pa.field("record", pa.string())])
