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


# Text that is not UTF-8 is, for English news, nearly always Windows-1252 or Latin-1 (old
# newswire archives, Windows editors, CSV exports). charset-normalizer chooses between
# them (Latin-1 where a byte is undefined in Windows-1252); letting it consider every code
# page misreads short texts ("São Paulo" as Central European cp1250, "café" as UTF-16).
LEGACY_ENCODINGS = ["cp1252", "latin_1"]


def decode_text(raw: bytes, origin: str) -> tuple[str, InputProblem | None]:
    """UTF-8 text without BOM; UTF-16 with a BOM; else Windows-1252 or Latin-1 as
    charset-normalizer detects them (a note, not an error: the text is read in full).
    Bytes no encoding explains become U+FFFD and are reported (not fatal)."""
    if is_utf16(raw):
        return raw.decode("utf-16", errors="replace"), None
    raw = raw.removeprefix(BOM)
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        position = err.start
    replaced = raw.decode("utf-8", errors="replace")
    # Valid multi-byte UTF-8 next to the bad bytes: a damaged UTF-8 file, not a legacy one
    damaged_utf8 = any(ord(c) > 0x7F and c != "\ufffd" for c in replaced)
    legacy = None if damaged_utf8 else _legacy_decode(raw)
    if legacy is not None:
        text, encoding = legacy
        note = message("E022", origin=origin, encoding=encoding)
        return text, InputProblem(origin, note, fatal=False)
    warning = InputProblem(origin, message("E012", origin=origin, pos=position), fatal=False)
    return replaced, warning


def _legacy_decode(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # imported only for non-UTF-8 inputs

    best = from_bytes(raw, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None:
        return None
    name = {"cp1252": "Windows-1252", "latin_1": "Latin-1"}.get(best.encoding, best.encoding)
    return str(best), name


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
