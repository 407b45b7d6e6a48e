"""Build the pipeline from settings and run it over documents.

    Document ──► nlp (spaCy) ──► coder (events, actors, time, geo, quantities, codes) ──► Event*

Long texts are parsed in paragraph-aligned chunks (spaCy's parser cost and memory
grow with document length); the coder shifts offsets back so evidence still
indexes the whole document text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tacitus.coding.base import Coder
from tacitus.config import Settings
from tacitus.errors import message
from tacitus.geo.dateline import blank_dateline
from tacitus.ingest.markup import mask_markup
from tacitus.nlp import load_model, prepare_text
from tacitus.records import Document, Event
from tacitus.registry import get_coder, resolve_coder_name


@dataclass(frozen=True)
class Chunk:
    document: Document
    offset: int          # where the chunk starts in document.text
    index: int           # 0-based chunk number
    last: bool


def parser_text(document: Document) -> str:
    """The text the parser reads: HTML markup masked (`ingest.markup`) and the dateline
    blanked (`geo.dateline`: not part of the lead sentence, its places are not actors).
    Same length as `document.text`, so every offset still indexes the user's text."""
    return blank_dateline(mask_markup(document.text))


def split_chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """(offset, piece) pairs no longer than `limit`, cut at paragraph or line breaks."""
    if len(text) <= limit:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end),
                      text.rfind(". ", start, end))
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


log = logging.getLogger(__name__)


class Pipeline:
    """Codes documents into events. One instance per process; reuse it."""

    def __init__(self, settings: Settings | None = None, **overrides):
        self.settings = settings or Settings.load(**overrides)
        name = resolve_coder_name(self.settings.coder)  # an unknown coder fails before spaCy loads
        started = time.perf_counter()
        self.nlp = load_model(self.settings.model)
        self.coder = get_coder(name, self.settings)
        log.info("spaCy model %s and coder %s loaded in %.1f s", self.settings.model, name,
                 time.perf_counter() - started)
        self._coders = {name: self.coder}
        self.failures: list[str] = []   # one line per document the coder could not handle

    def _chunks(self, documents: Iterable[Document]) -> Iterator[tuple[str, Chunk]]:
        for document in documents:
            pieces = split_chunks(parser_text(document), self.settings.chunk_chars)
            for i, (offset, piece) in enumerate(pieces):
                yield prepare_text(piece), Chunk(document, offset, i, i == len(pieces) - 1)

    def coder_for(self, name: str | None = None) -> Coder:
        """The coder registered as `name` (short or full), built once and kept; the
        settings' coder when `name` is None. Unknown names raise E052."""
        if name is None:
            return self.coder
        full = resolve_coder_name(name)
        if full not in self._coders:
            self._coders[full] = get_coder(full, self.settings)
        return self._coders[full]

    def code(self, documents: Iterable[Document],
             coder: str | None = None) -> Iterator[tuple[Document, list[Event]]]:
        """Yield (document, events) in input order, one pair per document. `coder` names
        another registered coder for these documents (the parser is shared)."""
        backend = self.coder_for(coder)
        parsed = self.nlp.pipe(self._chunks(documents), as_tuples=True,
                               n_process=self.settings.n_process,
                               batch_size=self.settings.batch_size)
        pending: list[Event] = []
        for doc, chunk in parsed:
            pending.extend(self._code_chunk(doc, chunk, backend))
            if chunk.last:
                yield chunk.document, pending
                pending = []

    def _code_chunk(self, doc, chunk: Chunk, coder: Coder) -> list[Event]:
        # One odd document must not stop a batch of thousands: report it and go on.
        try:
            return coder.code(chunk.document, doc, offset=chunk.offset)
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed silently
            origin = chunk.document.origin or chunk.document.doc_id
            self.failures.append(message("E050", origin=origin, reason=f"{type(exc).__name__}: {exc}"))
            return []

    def code_text(self, text: str, **document_fields) -> list[Event]:
        """Code one text; convenience for the Python API."""
        document = Document.from_text(text, **document_fields)
        return next(self.code([document]))[1]

    def code_texts(self, texts: Iterable[str], published=None,
                   coder: str | None = None) -> list[list[Event]]:
        """Code many texts in one batch (faster than one `code_text` each): one list of
        events per text, in the order given. `published` (a date or ISO string) is the
        publication date of them all; `tacitus.events_frame` makes a DataFrame of them."""
        documents = [Document.from_text(text, doc_id=f"text-{i}-{Document.content_id(text)}",
                                        published=published, origin=f"text {i}")
                     for i, text in enumerate(texts)]
        return [events for _, events in self.code(documents, coder=coder)]
