"""The nlp stage: spaCy parsing of documents.

The model is a setting (`TACITUS_MODEL`, `--model`), so users can plug in
`en_core_web_md` or `en_core_web_trf` where they have them installed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

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


# A run of text with no sentence end (a scraped table, a page of words with no full stop)
# is cut into pieces of at most this many tokens. The coder's work per event grows with
# the length of its sentence, so an unbounded sentence makes coding quadratic; real news
# sentences are far shorter, so ordinary text is never cut.
MAX_SENTENCE_TOKENS = 250
_SENTENCE_ENDS = frozenset({".", "!", "?"})


@Language.component("tacitus_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence: headlines and datelines have no final
    full stop, and the parser would otherwise glue them to the next sentence. A stretch
    of MAX_SENTENCE_TOKENS tokens with no sentence end is cut (after its last comma,
    semicolon or colon when it has one)."""
    since_end, last_pause = 0, None
    for token in doc[:-1]:
        since_end += 1
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
            since_end, last_pause = 0, None
        elif token.text in _SENTENCE_ENDS:
            since_end, last_pause = 0, None
        elif token.text in (",", ";", ":"):
            last_pause = token.i
        if since_end >= MAX_SENTENCE_TOKENS:
            cut = last_pause + 1 if last_pause is not None else token.i + 1
            doc[cut].is_sent_start = True
            since_end, last_pause = token.i + 1 - cut, None
    return doc


_ENTS_KEY = "tacitus.ents"


def span_ents(span: Span) -> list[Span]:
    """The named entities inside `span`, like `span.ents`, in time proportional to the
    answer. spaCy's `Span.ents` rebuilds every entity of the whole Doc on each call, so
    asking once per sentence made coding quadratic in the chunk length (a 100k-character
    line spent most of its time there). The Doc's entities are listed once and kept in
    `doc.user_data` as plain numbers (no Span objects there: they would point back at the
    Doc and keep it alive in a reference cycle); the coder never changes entities after
    parsing."""
    doc = span.doc
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None:
        bounds = [(e.start, e.end, e.label, e.kb_id) for e in doc.ents]
        cached = doc.user_data[_ENTS_KEY] = ([b[0] for b in bounds], bounds)
    starts, bounds = cached
    found = []
    for start, end, label, kb_id in bounds[bisect_left(starts, span.start):]:
        if end > span.end:
            break
        found.append(Span(doc, start, end, label=label, kb_id=kb_id))
    return found


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
