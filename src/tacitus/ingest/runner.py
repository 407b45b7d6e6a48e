"""The ingest loop: documents in, coded events stored, resumable and idempotent.

    from tacitus.ingest.runner import IngestSummary, ingest
    summary = ingest(docs, Store("sqlite:///tacitus.db"), workers=2)

Documents already in the store (same doc_id) are skipped before they are parsed, and
each document is stored with its events in one transaction (`Store.add`), so a run that
was killed halfway can simply be run again: it finishes the rest without duplicates.

With `workers > 1` documents are coded in a pool of processes, each holding its own
Pipeline; all database writes stay in the calling process. A worker that dies on a
batch gets every document of that batch retried once, one at a time in a fresh worker;
a document that fails again is reported (E051) and the rest lands.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from tacitus.config import Settings
from tacitus.errors import message
from tacitus.lifeline import exit_with_parent
from tacitus.records import Document, Event

# (document, its events, failure message or None). A failed document is not stored,
# so a later run codes it again.
Coded = tuple[Document, list[Event], str | None]
DEFAULT_BATCH = 8


@dataclass
class IngestSummary:
    """How far an ingest got; updated in place while it runs."""

    read: int = 0            # documents read from the inputs
    skipped_done: int = 0    # already stored (an earlier run, or a duplicate)
    coded: int = 0           # coded and stored by this run
    events: int = 0          # events stored by this run
    problems: int = 0        # inputs, lines or documents that could not be ingested
    interrupted: bool = False
    started: float = field(default_factory=time.perf_counter)
    elapsed: float = 0.0
    messages: list[str] = field(default_factory=list)

    def tick(self) -> None:
        self.elapsed = time.perf_counter() - self.started

    @property
    def done(self) -> int:
        """Documents finished either way (stored now, or found stored)."""
        return self.coded + self.skipped_done

    @property
    def docs_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        head = "interrupted: " if self.interrupted else ""
        return (f"{head}{self.read} documents read, {self.skipped_done} skipped as already "
                f"stored, {self.coded} coded, {self.events} events stored, {self.problems} "
                f"problems, {self.elapsed:.1f} s ({self.docs_per_second:.1f} docs/s)")

    def as_dict(self) -> dict:
        return {"read": self.read, "skipped_done": self.skipped_done, "coded": self.coded,
                "events": self.events, "problems": self.problems,
                "interrupted": self.interrupted, "elapsed": round(self.elapsed, 3),
                "docs_per_second": round(self.docs_per_second, 2)}


def ingest(
    documents: Iterable[Document],
    store,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
    summary: IngestSummary | None = None,
    on_progress: Callable[[IngestSummary], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
    worker_init: Callable[[], None] | None = None,
) -> IngestSummary:
    """Code `documents` and store them with their events in `store` (a tacitus Store).

    `summary` (optional) is updated in place, so a caller still has the figures when the
    run ends in an exception: TacitusError E040 (database unreachable or locked; the
    document being written is rolled back) or KeyboardInterrupt (summary.interrupted).
    `worker_init` is a picklable function run once in each worker process (plugins).
    """
    summary = summary or IngestSummary()
    settings = settings or Settings.load()
    report = on_problem or (lambda _msg: None)
    lock = threading.Lock()  # the summary is updated by this thread and the writer

    def progress() -> None:
        summary.tick()
        if on_progress is not None:
            on_progress(summary)

    store.init()  # fail fast (E040) before loading a model when the database is unreachable
    fresh = _not_stored(documents, store, summary, lock, progress)
    if workers > 1:
        coded = code_in_pool(fresh, settings, workers, batch_size, worker_init)
    else:
        coded = code_here(fresh, settings)
    writer = _Writer(store, summary, lock, report, progress)
    writer.start()
    finished = False
    try:
        for item in coded:
            writer.put(item)
        writer.finish()
        finished = True
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        if not finished:
            writer.abort()  # the document being written completes or rolls back
        coded.close()  # stops the worker pool now, also on an exception
        summary.tick()
    return summary


class _Writer(threading.Thread):
    """Stores coded documents in order while the next ones are coded.

    A commit mostly waits on the disk or the network (fsync, a round trip), without the
    GIL, so storing beside the coder hides that wait instead of adding it to every
    document. Still one transaction per document; a failure stops the run (E040).
    """

    def __init__(self, store, summary: IngestSummary, lock: threading.Lock,
                 report: Callable[[str], None], progress: Callable[[], None], depth: int = 32):
        super().__init__(name="tacitus-store-writer", daemon=True)
        self.store, self.summary, self.lock = store, summary, lock
        self.report, self.progress = report, progress
        self.queue: queue.Queue[Coded | None] = queue.Queue(depth)
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        while not self.stopping.is_set():
            item = self.queue.get()
            if item is None or self.stopping.is_set():
                return
            try:
                self._store(*item)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc
                return

    def _store(self, document: Document, events: list[Event], failure: str | None) -> None:
        if failure is not None:
            with self.lock:
                self.summary.problems += 1
                self.summary.messages.append(failure)
            self.report(failure)
        else:
            added = self.store.add(document, events)
            with self.lock:
                if added:
                    self.summary.coded += 1
                    self.summary.events += len(events)
                else:  # stored meanwhile, or the same text under another id
                    self.summary.skipped_done += 1
        self.progress()

    def put(self, item: Coded | None) -> None:
        """Queue one item; raises the writer's error as soon as there is one."""
        while True:
            self._raise()
            try:
                self.queue.put(item, timeout=0.1)
                return
            except queue.Full:
                if not self.is_alive():
                    self._raise()
                    return

    def finish(self) -> None:
        self.put(None)
        self.join()
        self._raise()

    def abort(self) -> None:
        self.stopping.set()
        try:
            self.queue.put_nowait(None)  # wake it if it waits for work
        except queue.Full:
            pass
        self.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


def _not_stored(documents: Iterable[Document], store, summary: IngestSummary,
                lock: threading.Lock, progress: Callable[[], None]) -> Iterator[Document]:
    """The documents not stored yet, checked before any parsing."""
    seen: set[str] = set()
    for document in documents:
        with lock:
            summary.read += 1
        if document.doc_id in seen or store.has_document(document.doc_id, document.text):
            with lock:
                summary.skipped_done += 1
            progress()
            continue
        seen.add(document.doc_id)
        yield document


# -- coding in this process ----------------------------------------------------------


def code_here(documents: Iterable[Document], settings: Settings) -> Iterator[Coded]:
    from tacitus.pipeline import Pipeline

    pipeline = Pipeline(settings)
    yield from with_failures(pipeline, documents)


def with_failures(pipeline, documents: Iterable[Document]) -> Iterator[Coded]:
    """Pipeline outcomes as picklable (document, events, failure) triples."""
    for outcome in pipeline.code(documents):
        yield outcome.document, outcome.events, outcome.failure


# -- coding in a pool of processes ---------------------------------------------------

_WORKER_PIPELINE = None


def _start_worker(settings: Settings, worker_init: Callable[[], None] | None) -> None:
    global _WORKER_PIPELINE
    # Ctrl-C goes to the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    if worker_init is not None:
        worker_init()
    from tacitus.pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline(settings)


def _code_batch(documents: list[Document]) -> list[Coded]:
    return list(with_failures(_WORKER_PIPELINE, documents))


class _Pool:
    """A process pool that can be replaced when a worker dies."""

    def __init__(self, settings: Settings, workers: int, worker_init):
        self.args = (settings, worker_init)
        self.workers = workers
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        # spawn, not fork: the parent may hold threads (progress bar, DB pool)
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=self.args)

    def submit(self, documents: list[Document]) -> Future:
        try:
            return self.executor.submit(_code_batch, documents)
        except BrokenProcessPool:
            self.restart()
            return self.executor.submit(_code_batch, documents)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def stop(self, now: bool) -> None:
        if now:
            # On Ctrl-C do not wait for batches in flight: their results would be dropped.
            for process in list(getattr(self.executor, "_processes", {}).values()):
                process.terminate()
        self.executor.shutdown(wait=not now, cancel_futures=True)


def code_in_pool(documents: Iterable[Document], settings: Settings, workers: int,
                 batch_size: int = DEFAULT_BATCH,
                 worker_init: Callable[[], None] | None = None) -> Iterator[Coded]:
    """(document, events, failure) from `workers` processes; order is mostly kept."""
    pool = _Pool(settings, workers, worker_init)
    batches = _batched(documents, batch_size)
    pending: list[tuple[Future, list[Document]]] = []
    window = workers * 2  # bounded: a huge corpus never sits in memory at once
    interrupted = True
    try:
        while True:
            while len(pending) < window and (batch := next(batches, None)) is not None:
                pending.append((pool.submit(batch), batch))
            if not pending:
                break
            future, batch = pending.pop(0)
            try:
                results = future.result()
            except Exception:  # noqa: BLE001 - the worker died or raised: retry, then report
                suspects = list(batch)
                results = _drain(pending, suspects)
                pending = []
                pool.restart()
                results.extend(_retry_alone(pool, suspects))
            yield from results
        interrupted = False
    finally:
        pool.stop(now=interrupted)


def _drain(pending: list[tuple[Future, list[Document]]], suspects: list[Document]) -> list[Coded]:
    """Results of the other batches in flight; documents of failed ones become suspects."""
    results: list[Coded] = []
    for future, batch in pending:
        try:
            results.extend(future.result())
        except Exception:  # noqa: BLE001 - same pool, broken by the same failure
            suspects.extend(batch)
    return results


def _retry_alone(pool: _Pool, suspects: list[Document]) -> Iterator[Coded]:
    """Each suspect once more, alone, so a failure is blamed on the right document."""
    for document in suspects:
        try:
            yield from pool.submit([document]).result()
        except Exception as exc:  # noqa: BLE001 - reported, the rest goes on
            pool.restart()
            reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
            origin = document.origin or document.doc_id
            yield document, [], message("E051", origin=origin, reason=reason)


def _batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
