"""Cells safe to open in a spreadsheet, JSON safe to paste into JavaScript, stable ids.

Document text, actor names and URLs come from outside. A spreadsheet runs a cell that
starts with `=`, `+`, `-` or `@` (and, in some programs, tab or carriage return) as a
formula, so CSV, ACLED and GDELT exports prefix such *text* cells with a single quote,
OWASP's rule for CSV injection. Numbers are never touched: -6.5 stays a number.
`raw=True` (the CLI's `--raw-cells`) writes text as it is, for machine pipelines.
"""

from __future__ import annotations

import hashlib
import json

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = {"\u2028": "\\u2028", "\u2029": "\\u2029"}


def safe_cell(value, raw: bool = False):
    """`value` with a leading ' when it is text a spreadsheet would run as a formula."""
    if raw or not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    return "'" + value


def json_line(record) -> str:
    """One JSON object on one line, UTF-8 kept, U+2028/U+2029 escaped.

    Both are legal inside JSON strings but end a line for JavaScript and for editors and
    line readers that follow Unicode line breaking, so a record would split in two.
    """
    text = json.dumps(record, ensure_ascii=False)
    for char, escaped in SEPARATORS.items():
        text = text.replace(char, escaped)
    return text


def numeric_id(event_id: str) -> int:
    """A stable integer for an event id: the first 52 bits of its SHA-1.

    GDELT's GLOBALEVENTID is an integer. 52 bits stay exact even where a reader turns
    integers into doubles; two ids collide with odds of about 1 in 10,000 in a million
    events. Recompute from `event_id` to join back to tacitus.
    """
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:13], 16)
