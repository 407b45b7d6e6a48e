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

from tacitus.config import DEFAULT_MODEL
from tacitus.errors import TacitusError

__all__ = ["DEFAULT_MODEL", "load_model", "mark_paragraph_starts", "parse", "prepare_text"]

# A newline that is not part of a paragraph break: news text scraped from PDFs or
# e-mail often wraps mid-sentence, which would otherwise split the sentence.
_STRAY_BREAK = re.compile(r"(?<![\n\r])[ \t]*\r?\n(?![ \t]*\r?\n)")


def prepare_text(text: str) -> str:
    """Text for the parser, same length as the input so offsets stay valid.

    Single line breaks become spaces; paragraph breaks (blank lines) stay.
    """
    return _STRAY_BREAK.sub(lambda m: " " * len(m.group(0)), text)


@Language.component("tacitus_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence: headlines and datelines have no final
    full stop, and the parser would otherwise glue them to the next sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise TacitusError("E001", model=name) from exc
    if "parser" in nlp.pipe_names and "tacitus_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("tacitus_paragraphs", before="parser")
    return nlp


def parse(nlp: Language, texts: Iterable[str], n_process: int = 1,
          batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts (already passed through `prepare_text`) in order."""
    yield from nlp.pipe(texts, n_process=n_process, batch_size=batch_size)
