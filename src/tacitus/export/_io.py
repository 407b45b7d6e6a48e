"""Where an export goes: a path we open (and close), or a stream the caller owns."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Union

Out = Union[str, "os.PathLike[str]", IO]


def _is_path(out: Out) -> bool:
    return isinstance(out, (str, os.PathLike))


@contextmanager
def text_out(out: Out) -> Iterator[IO[str]]:
    if _is_path(out):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out  # the caller's stream: written to, never closed


@contextmanager
def binary_out(out: Out) -> Iterator[IO[bytes]]:
    """A binary stream for Parquet; a text stream works when it wraps one (stdout)."""
    if _is_path(out):
        with open(out, "wb") as fh:
            yield fh
        return
    if isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        buffer = getattr(out, "buffer", None)
        if buffer is None:
            raise ValueError("parquet needs a file path or a binary stream, not a text stream")
        out.flush()
        yield buffer
        buffer.flush()
        return
    yield out
