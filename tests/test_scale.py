"""The Dask runner: the same pipeline on a cluster, into a database or Parquet files."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from typer.testing import CliRunner

from tacitus.cli.main import app
from tacitus.scale.dask_runner import is_database, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus import generate, write_jsonl

N_DOCS = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "feed.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(generate(N_DOCS, seed=21), fh)
    return path


@pytest.fixture(scope="module")
def scheduler():
    """One LocalCluster (2 worker processes) for the module: workers keep their model."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None,
                                  silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM events").fetchone()
    return docs, events, distinct


def test_dask_to_database_is_idempotent(corpus, scheduler, tmp_path):
    db = tmp_path / "dask.db"
    first = run(corpus, f"sqlite:///{db}", scheduler=scheduler, partitions=4)
    assert first.partitions == 4 and first.coded == N_DOCS and first.problems == 0
    docs, events, distinct = counts(db)
    assert docs == N_DOCS and events == first.events == distinct > 0
    again = run([corpus], f"sqlite:///{db}", scheduler=scheduler, partition_size=5)
    assert again.skipped_done == N_DOCS and again.coded == 0
    assert counts(db) == (docs, events, distinct)


def test_dask_to_parquet_one_file_per_partition(corpus, scheduler, tmp_path):
    import pyarrow.parquet as pq

    folder = tmp_path / "parquet"
    result = run(corpus, folder, scheduler=scheduler, partition_size=5)
    files = sorted(folder.glob("*.parquet"))
    assert [f.name for f in files] == ["part-00000.parquet", "part-00001.parquet",
                                       "part-00002.parquet"]
    assert sum(pq.read_table(f).num_rows for f in files) == result.events > 0
    again = run(corpus, folder, scheduler=scheduler, partition_size=5)
    assert again.coded == 0 and again.skipped_done == N_DOCS


def test_dask_gives_the_same_events_as_a_local_ingest(corpus, scheduler, tmp_path):
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(local_db), "-q"])
    assert result.exit_code == 0, result.output
    run(corpus, f"sqlite:///{dask_db}", scheduler=scheduler, partition_size=3)
    assert counts(dask_db) == counts(local_db)


def test_cli_dask_option_reaches_the_cluster(corpus, scheduler, tmp_path):
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db), "--dask",
                                      scheduler, "--partition-size", "4"])
    assert result.exit_code == 0, result.output
    assert "3 partitions" in result.stderr and f"{N_DOCS} coded" in result.stderr
    assert counts(db)[0] == N_DOCS


def test_unreachable_database_fails_before_any_work(corpus, scheduler):
    from tacitus.errors import TacitusError

    with pytest.raises(TacitusError, match="E040"):
        run(corpus, "postgresql://nobody@127.0.0.1:1/x", scheduler=scheduler)


def test_target_kind():
    assert is_database("sqlite:///x.db") and is_database("postgresql://u@h/db")
    assert not is_database("out/parquet") and not is_database(Path("out"))


def test_unreachable_scheduler_is_one_line(corpus, tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "x.db"),
                                          "--dask", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert "Dask scheduler tcp://127.0.0.1:1" in result.stderr
    assert "Traceback" not in result.output
