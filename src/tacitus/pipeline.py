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
from tacitus.errors import CodingFailed, message
from tacitus.geo.dateline import blank_dateline
from tacitus.ingest.markup import mask_markup
from tacitus.lifeline import forked_children_exit_with_parent
from tacitus.nlp import doc_text, load_model, prepare_text
from tacitus.nlp.headline_case import HeadlineCaser
from tacitus.records import Document, Event
from tacitus.registry import get_coder, resolve_coder_name


@dataclass(frozen=True)
class Outcome:
    """What coding one document gave: its events, or the reason the coder failed.

    A failed document has `failure` set (an E050 line) and no events: callers report
    it and do not store it, so the next run codes it again. It is never "coded with no
    events"."""

    document: Document
    events: list[Event]
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


@dataclass(frozen=True)
class Chunk:
    document: Document
    offset: int          # where the chunk starts in document.text
    index: int           # 0-based chunk number
    last: bool


def parser_text(document: Document, caser: HeadlineCaser | None = None) -> str:
    """The text the parser reads: HTML markup masked (`ingest.markup`), the dateline
    blanked (`geo.dateline`: not part of the lead sentence, its places are not actors) and
    a title-case headline put in sentence case (`nlp.headline_case`). Same length as
    `document.text`, so every offset still indexes the user's text."""
    text = blank_dateline(mask_markup(document.text))
    return caser(text) if caser is not None else text


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
            if cut <= start:
                # no line or sentence break at all: cut between words, else anywhere
                cut = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
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
        self.caser = HeadlineCaser(self.nlp)

    def _chunks(self, documents: Iterable[Document]) -> Iterator[tuple[str, Chunk]]:
        for document in documents:
            pieces = split_chunks(parser_text(document, self.caser), self.settings.chunk_chars)
            for i, (offset, piece) in enumerate(pieces):
                yield prepare_text(piece), Chunk(document, offset, i, i == len(pieces) - 1)

    def _parsed(self, documents: Iterable[Document]) -> Iterator[tuple[object, Chunk]]:
        """(parsed chunk, chunk) pairs in input order, with bounded look-ahead.

        spaCy's `batch_size` counts texts, not characters: 32 chunks of a huge one-line
        file (3.2 M characters) were parsed and held before the first was coded, which
        took the process to several GB. Batches here stop at `batch_size` texts or one
        chunk's worth of characters (`chunk_chars`), whichever comes first, so memory
        stays bounded whatever the input; ordinary news fills a batch as before."""
        chunks = self._chunks(documents)
        budget = self.settings.chunk_chars
        if self.settings.n_process > 1:
            # spaCy's worker processes take fixed-size batches: one text per batch keeps
            # each worker within the budget (a text is at most one chunk).
            # spaCy forks the workers: they must not outlive us (`tacitus.lifeline`)
            with forked_children_exit_with_parent():
                yield from self.nlp.pipe(chunks, as_tuples=True,
                                         n_process=self.settings.n_process, batch_size=1)
            return
        batch: list[tuple[str, Chunk]] = []
        chars = 0
        for item in chunks:
            # Close the batch *before* a text that would take it over the budget: chunks
            # are cut just under `chunk_chars`, so "append, then check" parsed two whole
            # chunks at once and doubled the parser's peak memory (~300 MB per chunk).
            if batch and chars + len(item[0]) > budget:
                yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
                batch, chars = [], 0
            batch.append(item)
            chars += len(item[0])
            if len(batch) >= self.settings.batch_size:
                yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))
                batch, chars = [], 0
        if batch:
            yield from self.nlp.pipe(batch, as_tuples=True, batch_size=len(batch))

    def coder_for(self, name: str | None = None) -> Coder:
        """The coder registered as `name` (short or full), built once and kept; the
        settings' coder when `name` is None. Unknown names raise E052."""
        if name is None:
            return self.coder
        full = resolve_coder_name(name)
        if full not in self._coders:
            self._coders[full] = get_coder(full, self.settings)
        return self._coders[full]

    def _windows(self, parsed: Iterator[tuple[object, Chunk]],
                 backend: Coder) -> Iterator[tuple[object, Chunk]]:
        """The parsed chunks again, after showing each window of them to the coder's
        optional `prepare` (the hybrid embeds all their sentences in one encoder call,
        which costs far less CPU than one call per document). A window holds what one
        parser batch holds (batch_size texts or chunk_chars characters), so memory stays
        bounded as in `_parsed`."""
        prepare = getattr(backend, "prepare", None)
        if prepare is None:
            yield from parsed
            return
        window: list[tuple[object, Chunk]] = []
        chars = 0

        def flush():
            try:
                prepare([doc for doc, _ in window])
            except Exception:  # `code` meets the same error, per document
                log.debug("coder prepare failed; coding document by document", exc_info=True)
            return window

        for item in parsed:
            window.append(item)
            chars += len(doc_text(item[0]))
            if len(window) >= self.settings.batch_size or chars >= self.settings.chunk_chars:
                yield from flush()
                window, chars = [], 0
        if window:
            yield from flush()

    def code(self, documents: Iterable[Document],
             coder: str | None = None) -> Iterator[Outcome]:
        """One Outcome per document, in input order. `coder` names another registered
        coder for these documents (the parser is shared). A coder failure on one
        document (an exception in any chunk) is that document's outcome; the others
        are coded as usual."""
        backend = self.coder_for(coder)
        pending: list[Event] = []
        failure: str | None = None
        for doc, chunk in self._windows(self._parsed(documents), backend):
            if failure is None:
                # One odd document must not stop a batch of thousands.
                try:
                    pending.extend(backend.code(chunk.document, doc, offset=chunk.offset))
                except Exception as exc:  # noqa: BLE001 - becomes the document's outcome
                    origin = chunk.document.origin or chunk.document.doc_id
                    failure = message("E050", origin=origin,
                                      reason=f"{type(exc).__name__}: {exc}")
            if chunk.last:
                yield Outcome(chunk.document, [] if failure else pending, failure)
                pending, failure = [], None

    def code_text(self, text: str, **document_fields) -> list[Event]:
        """Events of one text; convenience for the Python API. Raises TacitusError
        (E050) when the coder fails on it."""
        document = Document.from_text(text, **document_fields)
        outcome = next(self.code([document]))
        if outcome.failure:
            raise CodingFailed(outcome.failure)
        return outcome.events

    def code_texts(self, texts: Iterable[str], published=None,
                   coder: str | None = None) -> list[list[Event]]:
        """Code many texts in one batch (faster than one `code_text` each): one list of
        events per text, in the order given. `published` (a date or ISO string) is the
        publication date of them all; `tacitus.events_frame` makes a DataFrame of them."""
        documents = [Document.from_text(text, doc_id=f"text-{i}-{Document.content_id(text)}",
                                        published=published, origin=f"text {i}")
                     for i, text in enumerate(texts)]
        outcomes = list(self.code(documents, coder=coder))
        failed = [o.failure for o in outcomes if o.failure]
        if failed:
            raise CodingFailed("; ".join(failed))
        return [o.events for o in outcomes]
