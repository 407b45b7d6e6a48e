"""Code a corpus on a Dask cluster; results go to a database or to Parquet files.

    from tacitus.scale.dask_runner import run

    if __name__ == "__main__":          # needed: Dask starts worker processes
        run(["big.jsonl"], "postgresql://user@db/tacitus", scheduler="tcp://sched:8786")
        run(["corpus/"], "out/parquet/", scheduler="local", partitions=8)

The client reads the inputs (files, directories, JSONL) into partitions of Documents and
sends each partition to a worker, which runs the same Pipeline as `tacitus ingest`:
  * to a database (`target` is a URL): each worker writes through `Store.add`, one
    transaction per document, skipping documents already stored, so a re-run after a
    crash finishes the rest without duplicates;
  * to Parquet (`target` is a directory): one file per partition, part-00000.parquet,
    ...; a partition whose file exists is skipped, and files are written under a
    temporary name first, so a re-run with the same inputs and partitioning resumes.
Workers need tacitus and the spaCy model installed, and the database reachable.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tacitus.config import Settings
from tacitus.records import Document

DEFAULT_PARTITION_SIZE = 64


@dataclass
class PartitionResult:
    index: int
    read: int = 0
    skipped_done: int = 0
    coded: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class DaskSummary:
    partitions: int = 0
    read: int = 0
    skipped_done: int = 0
    coded: int = 0
    events: int = 0
    problems: int = 0
    elapsed: float = 0.0

    @property
    def done(self) -> int:
        return self.coded + self.skipped_done

    def add(self, result: PartitionResult) -> None:
        self.partitions += 1
        self.read += result.read
        self.skipped_done += result.skipped_done
        self.coded += result.coded
        self.events += result.events
        self.problems += len(result.problems)

    def line(self) -> str:
        rate = self.done / self.elapsed if self.elapsed else 0.0
        return (f"dask: {self.partitions} partitions, {self.read} documents read, "
                f"{self.skipped_done} skipped as already done, {self.coded} coded, "
                f"{self.events} events, {self.problems} problems, {self.elapsed:.1f} s "
                f"({rate:.1f} docs/s)")

    def as_dict(self) -> dict:
        return {"partitions": self.partitions, "read": self.read,
                "skipped_done": self.skipped_done, "coded": self.coded, "events": self.events,
                "problems": self.problems, "elapsed": round(self.elapsed, 3)}


def is_database(target: str | os.PathLike) -> bool:
    """A target with a URL scheme (sqlite:///x.db, postgresql://...) is a database;
    anything else is a directory for Parquet files."""
    return "://" in str(target)


def run(
    inputs: str | os.PathLike | Iterable[str | os.PathLike],
    target: str | os.PathLike,
    *,
    scheduler: str = "local",
    partitions: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    settings: Settings | None = None,
    n_workers: int = 2,
    published: date | None = None,
    max_mb: float = 20.0,
    on_problem: Callable[[str], None] | None = None,
) -> DaskSummary:
    """Code `inputs` on Dask (scheduler "local" starts a LocalCluster of `n_workers`
    processes; otherwise it is a scheduler address such as tcp://host:8786).

    `partitions` fixes the number of partitions (the inputs are read up front to count
    them); otherwise partitions of `partition_size` documents are streamed.
    """
    from distributed import Client, LocalCluster, as_completed

    paths = [str(inputs)] if isinstance(inputs, (str, os.PathLike)) else [str(p) for p in inputs]
    target = str(target)
    settings = settings or Settings.load()
    report = on_problem or (lambda _msg: None)
    summary = DaskSummary()
    _prepare_target(target)
    started = time.perf_counter()
    docs = _documents(paths, published, max_mb, summary, report)
    parts = _partitions(docs, partitions, partition_size)
    cluster = None
    if scheduler == "local":
        # its shutdown chatter (heartbeats to a closed scheduler) is not the user's business
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})))
        futures = as_completed()
        sizes: dict = {}  # future -> (partition index, documents), for failure messages

        def submit(index: int, batch: list[Document]) -> None:
            future = client.submit(code_partition, index, batch, target, settings, pure=False)
            sizes[future] = (index, len(batch))
            futures.add(future)

        for index, batch in itertools.islice(parts, window):
            submit(index, batch)
        for future in futures:
            _collect(future, sizes.pop(future), summary, report)
            following = next(parts, None)
            if following is not None:
                submit(*following)
    finally:
        if cluster is not None:
            client.shutdown()  # scheduler and workers stop together, quietly
            cluster.close()
        else:
            client.close()  # a shared cluster keeps running
        summary.elapsed = time.perf_counter() - started
    return summary


def _collect(future, where: tuple[int, int], summary: DaskSummary,
             report: Callable[[str], None]) -> None:
    """Add one partition's figures; a partition that failed (its worker died more than
    Dask's allowed-failures times, or raised) is reported and the run goes on."""
    from tacitus.errors import TacitusError

    try:
        result = future.result()
    except TacitusError:
        raise  # the database failed: stop, as `tacitus ingest` does
    except Exception as exc:  # noqa: BLE001 - one bad partition must not lose the others
        index, count = where
        summary.partitions += 1
        summary.problems += 1
        report(f"partition {index} ({count} documents) failed: {type(exc).__name__}: {exc}; "
               "run again to retry it")
        return
    summary.add(result)
    for text in result.problems:
        report(text)


def _prepare_target(target: str) -> None:
    """Create the schema (or the directory) once, and fail fast (E040) if unreachable."""
    if is_database(target):
        from tacitus.store import Store

        with Store(target) as store:
            store.init()
    else:
        Path(target).mkdir(parents=True, exist_ok=True)


def _documents(paths: list[str], published: date | None, max_mb: float, summary: DaskSummary,
               report: Callable[[str], None]) -> Iterator[Document]:
    from tacitus.ingest import InputProblem, read_inputs

    for item in read_inputs(paths, published=published, max_mb=max_mb):
        if isinstance(item, InputProblem):
            report(item.message)
            summary.problems += int(item.fatal)
            continue
        yield item


def _partitions(docs: Iterator[Document], count: int | None,
                size: int) -> Iterator[tuple[int, list[Document]]]:
    if count:
        everything = list(docs)
        size = max(1, math.ceil(len(everything) / count))
        docs = iter(everything)
    index = 0
    while batch := list(itertools.islice(docs, size)):
        yield index, batch
        index += 1


# -- on the worker ---------------------------------------------------------------------

_CACHE: dict = {}  # per worker process: one Pipeline per settings, one Store per URL


def _pipeline(settings: Settings):
    from tacitus.pipeline import Pipeline

    key = ("pipeline", settings.model, settings.coder, settings.chunk_chars)
    if key not in _CACHE:
        _CACHE[key] = Pipeline(settings)
    return _CACHE[key]


def _store(url: str):
    from tacitus.store import Store

    key = ("store", url)
    if key not in _CACHE:
        _CACHE[key] = Store(url)
    return _CACHE[key]


def code_partition(index: int, documents: list[Document], target: str,
                   settings: Settings) -> PartitionResult:
    """Runs on a worker: code one partition into the database or one Parquet file."""
    if is_database(target):
        return _to_database(index, documents, _store(target), settings)
    return _to_parquet(index, documents, Path(target), settings)


def _to_database(index: int, documents: list[Document], store,
                 settings: Settings) -> PartitionResult:
    from tacitus.ingest.runner import with_failures

    result = PartitionResult(index, read=len(documents))
    fresh = [d for d in documents if not store.has_document(d.doc_id)]
    result.skipped_done = len(documents) - len(fresh)
    for document, events, failure in with_failures(_pipeline(settings), fresh):
        if failure is not None:
            result.problems.append(failure)
        elif store.add(document, events):
            result.coded += 1
            result.events += len(events)
        else:
            result.skipped_done += 1
    return result


def _to_parquet(index: int, documents: list[Document], folder: Path,
                settings: Settings) -> PartitionResult:
    from tacitus.export import write_events
    from tacitus.ingest.runner import with_failures

    result = PartitionResult(index, read=len(documents))
    path = folder / f"part-{index:05d}.parquet"
    if path.exists():
        result.skipped_done = len(documents)
        return result
    events = []
    for _document, found, failure in with_failures(_pipeline(settings), documents):
        if failure is not None:
            result.problems.append(failure)
            continue
        result.coded += 1
        events.extend(found)
    partial = path.with_suffix(".parquet.partial")
    write_events(events, "parquet", partial)
    os.replace(partial, path)  # a file under the final name is always complete
    result.events = len(events)
    return result
