"""Read files, directories, JSON/JSONL and stdin into Documents, one input at a time.

Every problem with one input becomes an InputProblem in the output stream, never an
exception, so a batch with one broken file still codes the rest.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from tacitus.errors import message
from tacitus.ingest.decode import (
    BOM,
    SNIFF_BYTES,
    InputProblem,
    decode_text,
    is_utf16,
    json_error_reason,
    looks_binary,
    too_large,
)
from tacitus.ingest.language import why_not_english
from tacitus.ingest.markup import mask_markup
from tacitus.records import Document

log = logging.getLogger(__name__)

Item = Document | InputProblem

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
STDIN = "-"
STDIN_ORIGIN = "<stdin>"


def read_inputs(
    paths: list[str],
    published: date | None = None,
    max_mb: float = 20,
    english_only: bool = True,
) -> Iterator[Item]:
    """Documents from files, directories (recursive), JSONL/JSON and stdin ("-"), lazily.

    `published` is the default publication date; a record's own date wins over it.
    `max_mb` limits one document (a whole file, or one JSONL line: a JSONL corpus of any
    size is streamed). Problems come out as InputProblem items in input order.
    """
    reader = _Reader(published, max_mb, english_only)
    for path in paths:
        yield from reader.read_path(str(path))


def parse_date(value: object) -> date:
    """ISO date or datetime ("2020-09-01", "2020-09-01T10:00:00Z") or an RFC 822 date
    ("Mon, 02 Jun 2024 10:00:00 +0000", as in RSS) -> the date as written (no time-zone shift).
    Raises ValueError for other strings, TypeError for other types."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"not a date: {value!r}")
    text = value.strip()
    if len(text) == 10:
        return date.fromisoformat(text)
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        # RSS and e-mail dates (RFC 822/2822): "Mon, 02 Jun 2024 10:00:00 +0000"
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            raise ValueError(f"not an ISO or RFC 822 date: {text!r}") from None


def walk_directory(root: Path) -> list[Path]:
    """Readable files under `root`, sorted, skipping hidden files and hidden directories."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in KNOWN_SUFFIXES:
                found.append(Path(folder) / name)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


class _Reader:
    """Holds the batch settings so each reading function takes only what it reads."""

    def __init__(self, published: date | None, max_mb: float, english_only: bool):
        self.published = published
        self.max_mb = max_mb
        self.english_only = english_only

    # -- dispatch -------------------------------------------------------------------

    def read_path(self, path: str) -> Iterator[Item]:
        if path == STDIN:
            yield from self._guarded(STDIN_ORIGIN, self.read_stream(sys.stdin.buffer))
            return
        p = Path(path)
        if p.is_dir():
            files = walk_directory(p)
            if not files:
                kinds = ", ".join(sorted(KNOWN_SUFFIXES))
                yield InputProblem(path, message("E023", origin=path, kinds=kinds))
            for file in files:
                yield from self._guarded(str(file), self.read_file(file))
        elif p.exists():
            yield from self._guarded(path, self.read_file(p))
        else:
            yield InputProblem(path, message("E018", origin=path))

    def _guarded(self, origin: str, items: Iterable[Item]) -> Iterator[Item]:
        """Turn an unexpected failure reading one input into a message about that input."""
        try:
            yield from items
        except OSError as err:
            reason = err.strerror or str(err)
            yield InputProblem(origin, message("E019", origin=origin, reason=reason))
        except Exception as err:  # noqa: BLE001 - a parser bug on one input must not end the batch
            reason = f"{type(err).__name__}: {err}"
            yield InputProblem(origin, message("E019", origin=origin, reason=reason))

    def read_file(self, path: Path) -> Iterator[Item]:
        origin = str(path)
        size = path.stat().st_size
        log.debug("reading %s (%d bytes)", origin, size)
        if size == 0:
            yield InputProblem(origin, message("E010", origin=origin))
            return
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from self.read_jsonl_file(path)
            return
        problem = too_large(size, self.max_mb, origin)
        if problem:
            yield problem
            return
        raw = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield from self.from_html(raw, origin)
        elif suffix in JSON_SUFFIXES:
            yield from self.from_json(raw, origin)
        else:
            yield from self.from_text_bytes(raw, origin)

    # -- plain text and HTML --------------------------------------------------------

    def from_text_bytes(self, raw: bytes, origin: str) -> Iterator[Item]:
        if not is_utf16(raw) and looks_binary(raw[:SNIFF_BYTES]):
            yield InputProblem(origin, message("E011", origin=origin))
            return
        text, warning = decode_text(raw, origin)
        if warning:
            yield warning
        yield from self.make_document(text, origin)

    def from_html(self, raw: bytes, origin: str) -> Iterator[Item]:
        import trafilatura  # slow import; only needed for HTML inputs

        if looks_binary(raw[:SNIFF_BYTES]):
            yield InputProblem(origin, message("E011", origin=origin))
            return
        page = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
        text = getattr(page, "text", None) if page is not None else None
        if not text or not text.strip():
            yield InputProblem(origin, message("E016", origin=origin))
            return
        own_date = self.record_date(getattr(page, "date", None), origin)
        if isinstance(own_date, InputProblem):
            yield own_date
        yield from self.make_document(
            text,
            origin,
            published=own_date if isinstance(own_date, date) else self.published,
            url=getattr(page, "url", None),
            title=getattr(page, "title", None),
            source=getattr(page, "sitename", None),
        )

    # -- JSON and JSONL -------------------------------------------------------------

    def read_jsonl_file(self, path: Path) -> Iterator[Item]:
        origin = str(path)
        with path.open("rb") as fh:
            if looks_binary(fh.read(SNIFF_BYTES)):
                yield InputProblem(origin, message("E011", origin=origin))
                return
            fh.seek(0)
            yield from self.from_jsonl_lines(fh, origin)

    def read_stream(self, stream: BinaryIO) -> Iterator[Item]:
        """stdin: JSONL when the first non-blank character is '{', else one text document."""
        lines = iter(stream)
        head = []
        for line in lines:
            head.append(line)
            if line.strip().lstrip(BOM).strip():
                break
        start = b"".join(head).lstrip().lstrip(BOM).lstrip()
        if not start:
            yield InputProblem(STDIN_ORIGIN, message("E010", origin=STDIN_ORIGIN))
        elif start.startswith(b"{"):
            yield from self.from_jsonl_lines(itertools.chain(head, lines), STDIN_ORIGIN)
        else:
            raw = b"".join(itertools.chain(head, lines))
            problem = too_large(len(raw), self.max_mb, STDIN_ORIGIN)
            yield from [problem] if problem else self.from_text_bytes(raw, STDIN_ORIGIN)

    def from_jsonl_lines(self, lines: Iterable[bytes], origin: str) -> Iterator[Item]:
        seen_any = False
        for number, raw in enumerate(lines, start=1):
            if number == 1:
                raw = raw.removeprefix(BOM)
            if not raw.strip():
                continue
            seen_any = True
            yield from self.from_jsonl_line(raw, origin, number)
        if not seen_any:
            yield InputProblem(origin, message("E010", origin=origin))

    def from_jsonl_line(self, raw: bytes, origin: str, number: int) -> Iterator[Item]:
        where = f"{origin}:{number}"
        problem = too_large(len(raw), self.max_mb, where)
        if problem:
            yield problem
            return
        line, warning = decode_text(raw, where)
        if warning:
            yield warning
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as err:
            # JSONDecodeError, but also a number too long to convert and nesting deeper
            # than Python's recursion limit: this line is named and skipped, the rest read.
            reason = _json_failure(err)
            yield InputProblem(where, message("E014", origin=origin, line=number, reason=reason))
            return
        if not isinstance(obj, dict):
            reason = "not a JSON object"
            yield InputProblem(where, message("E014", origin=origin, line=number, reason=reason))
            return
        if not isinstance(obj.get("text"), str):
            yield InputProblem(where, message("E015", origin=origin, line=number))
            return
        yield from self.from_record(obj, where)

    def from_json(self, raw: bytes, origin: str) -> Iterator[Item]:
        text, warning = decode_text(raw, origin)
        if warning:
            yield warning
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            if err.msg == "Extra data":  # one object a line: JSONL under a .json name
                yield from self.from_jsonl_lines(raw.splitlines(keepends=True), origin)
            else:
                yield InputProblem(origin, message("E014", origin=origin, line=err.lineno,
                                                   reason=json_error_reason(err)))
            return
        except (ValueError, RecursionError) as err:
            yield InputProblem(origin, message("E014", origin=origin, line=1,
                                               reason=_json_failure(err)))
            return
        records = data if isinstance(data, list) else [data]
        for index, obj in enumerate(records, start=1):
            where = f"{origin}[{index}]" if isinstance(data, list) else origin
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                reason = "no 'text' field" if isinstance(obj, dict) else "not a JSON object"
                yield InputProblem(where, message("E021", origin=origin, item=index, reason=reason))
                continue
            yield from self.from_record(obj, where)

    def from_record(self, obj: dict, where: str) -> Iterator[Item]:
        """One JSON object with `text` (and optionally id, published, url, title, source)."""
        own_date = self.record_date(obj.get("published"), where)
        if isinstance(own_date, InputProblem):
            yield own_date
        doc_id = obj.get("id", obj.get("doc_id"))
        yield from self.make_document(
            obj["text"],
            where,
            doc_id=None if doc_id is None else str(doc_id),
            published=own_date if isinstance(own_date, date) else self.published,
            url=_optional_str(obj.get("url")),
            title=_optional_str(obj.get("title")),
            source=_optional_str(obj.get("source")),
        )

    def record_date(self, value: object, where: str) -> date | InputProblem | None:
        """The record's own publication date, None if it has none, a warning if unreadable."""
        if value in (None, ""):
            return None
        try:
            return parse_date(value)
        except (ValueError, TypeError):
            return InputProblem(where, message("E020", origin=where, value=value), fatal=False)

    # -- the document itself --------------------------------------------------------

    def make_document(self, text: str, origin: str, **fields) -> Iterator[Item]:
        # Markup stays in Document.text (offsets index the user's text); the checks and
        # the coder read it masked (ingest/markup.py), so tag names are not words.
        plain = mask_markup(text)
        if not plain.strip():
            yield InputProblem(origin, message("E010", origin=origin))
            return
        if self.english_only:
            detail = why_not_english(plain)
            if detail:
                yield InputProblem(origin, message("E017", origin=origin, detail=detail))
                return
        fields.setdefault("published", self.published)
        yield Document.from_text(text, origin=origin, **fields)


def _json_failure(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return json_error_reason(err)
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return str(err).split(";")[0]  # "Exceeds the limit (4300 digits) for integer string conversion"


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)
