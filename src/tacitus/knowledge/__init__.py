"""Knowledge as data: vocabularies and code maps shipped in `knowledge/data/`.

Each stage loads its own files through `data_path`/`read_tsv`; nothing is loaded at
import time. Users can point `TACITUS_KB` at a folder holding files of the same name to
extend or override the bundled ones.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def data_path(name: str) -> Path:
    """Path of a knowledge file: the user's override in $TACITUS_KB first, else bundled."""
    override = os.environ.get("TACITUS_KB")
    if override and (Path(override) / name).exists():
        return Path(override) / name
    return DATA_DIR / name


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a tab-separated file with a header line; '#' lines are comments."""
    with data_path(name).open(encoding="utf-8") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


def read_json(name: str):
    with data_path(name).open(encoding="utf-8") as fh:
        return json.load(fh)
