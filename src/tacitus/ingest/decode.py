"""Bytes to text: size, emptiness, binary and UTF-8 checks, each giving one message."""

from __future__ import annotations

import codecs
import json
from dataclasses import dataclass

from tacitus.errors import message

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.10
# Control bytes that do occur in real text files.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


@dataclass
class InputProblem:
    """Something wrong with one input. `fatal` means the input (or line) was skipped;
    otherwise it is a warning and the document was still read."""

    origin: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return self.message


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first few KB mean not text."""
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return controls / len(head) > MAX_CONTROL_SHARE


def is_utf16(raw: bytes) -> bool:
    """Windows editors save "Unicode" text as UTF-16 with a BOM (full of NUL bytes)."""
    return raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def decode_text(raw: bytes, origin: str) -> tuple[str, InputProblem | None]:
    """UTF-8 text without BOM; invalid bytes become U+FFFD and are reported (not fatal).
    UTF-16 with a BOM is decoded as such."""
    if is_utf16(raw):
        return raw.decode("utf-16", errors="replace"), None
    raw = raw.removeprefix(BOM)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        warning = InputProblem(origin, message("E012", origin=origin, pos=err.start), fatal=False)
        return raw.decode("utf-8", errors="replace"), warning


def json_error_reason(err: json.JSONDecodeError) -> str:
    """"Expecting ',' delimiter at column 12": the decoder's message, with where."""
    return f"{err.msg.removesuffix(' at')} at column {err.colno}"


def size_mb(n_bytes: int) -> float:
    return n_bytes / (1024 * 1024)


def too_large(n_bytes: int, max_mb: float, origin: str) -> InputProblem | None:
    if size_mb(n_bytes) <= max_mb:
        return None
    text = message("E013", origin=origin, size=f"{size_mb(n_bytes):.1f}", limit=f"{max_mb:g}")
    return InputProblem(origin, text)
