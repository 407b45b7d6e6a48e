"""Bounded and honest under hostile input: long lines, runaway JSON, NUL characters,
and two processes creating one database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tacitus.config import Settings
from tacitus.ingest import InputProblem, read_inputs
from tacitus.nlp import MAX_SENTENCE_TOKENS, span_ents
from tacitus.pipeline import Pipeline, split_chunks
from tacitus.records import Document
from tacitus.store import Store

NEWS = ("Police arrested 40 protesters in Minsk on Sunday, the interior ministry said. "
        "Russian forces shelled Kharkiv on Monday. ")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


# -- sentences and entities ------------------------------------------------------------

def test_span_ents_matches_spacy_on_every_sentence(nlp):
    doc = nlp("Vladimir Putin met Angela Merkel in Berlin on Monday. " * 5
              + "No names here at all. The United Nations and NATO talked in New York.")
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in span_ents(sent)] == \
               [(e.start, e.end, e.label_) for e in sent.ents]
    assert span_ents(doc[2:6]) == [e for e in doc.ents if e.start >= 2 and e.end <= 6]


def test_text_without_sentence_ends_is_cut_into_bounded_sentences(nlp):
    words = "police detained protesters near the square and officials said that "
    doc = nlp(words * 200)  # 2,200 tokens and not one full stop
    lengths = [len(s) for s in doc.sents]
    assert sum(lengths) == len(doc)
    assert max(lengths) <= MAX_SENTENCE_TOKENS


def test_chunks_without_breaks_are_cut_between_words_and_cover_the_text():
    text = "word " * 5000
    pieces = split_chunks(text, 1000)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 1000 for _, p in pieces)
    assert all(p.endswith(" ") for _, p in pieces[:-1])  # never inside a word


def test_a_long_line_with_no_breaks_is_coded_not_dropped(pipeline):
    line = ("police arrested protesters in Minsk on Sunday and officials said that "
            "troops shelled the town of Kharkiv ") * 600   # ~60k chars, no full stop
    document = Document.from_text(line)
    outcome = next(pipeline.code([document]))
    assert outcome.failure is None
    events = outcome.events
    assert len(events) > 50
    assert all(document.text[e.evidence.start:e.evidence.end] == e.evidence.sentence
               for e in events)


def test_parsing_looks_ahead_a_bounded_amount(monkeypatch):
    """The first document's events come out before the whole batch of later ones is
    parsed: look-ahead is bounded by characters, not by 32 documents."""
    small = Pipeline(Settings.load(chunk_chars=2000, batch_size=32))
    pulled = []

    def documents():
        for i in range(40):
            pulled.append(i)
            yield Document.from_text(NEWS * 12, doc_id=f"d{i}")   # ~1.4k chars each

    coded = small.code(documents())
    outcome = next(coded)
    first, events = outcome.document, outcome.events
    assert first.doc_id == "d0" and events
    assert len(pulled) <= 3


def test_no_parser_batch_holds_more_than_one_chunk_of_characters(monkeypatch):
    """A long document is parsed one chunk at a time: chunks are cut just under
    `chunk_chars`, and two of them in one batch doubled the parser's peak memory."""
    small = Pipeline(Settings.load(chunk_chars=2000, batch_size=32))
    batches = []
    pipe = small.nlp.pipe

    def recording(texts, **kwargs):
        texts = list(texts)
        if kwargs.get("as_tuples"):   # the parser's batches (not other users of pipe)
            batches.append(sum(len(text) for text, _ in texts))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(small.nlp, "pipe", recording)
    outcomes = list(small.code([Document.from_text(" ".join([NEWS] * 60), doc_id="long"),
                                Document.from_text(NEWS, doc_id="short")]))
    assert [o.document.doc_id for o in outcomes] == ["long", "short"]
    assert all(o.ok and o.events for o in outcomes)
    assert len(batches) > 3 and max(batches) <= 2000


# -- one bad record never stops the rest -----------------------------------------------

def test_runaway_json_lines_are_named_and_the_rest_read(tmp_path):
    lines = [
        '{"id": "a", "text": "Police arrested protesters in Minsk."}',
        '{"id": "b", "text": "x", "n": ' + "7" * 5000 + "}",
        '{"id": "c", "text": "x", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": "d", "text": "Russian forces shelled Kharkiv."}',
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([str(path)]))
    docs = [i.doc_id for i in items if isinstance(i, Document)]
    problems = [i.message for i in items if isinstance(i, InputProblem)]
    assert docs == ["a", "d"]
    assert len(problems) == 2
    assert "line 2" in problems[0] and "digits" in problems[0]
    assert "line 3" in problems[1] and "nested" in problems[1]


@pytest.mark.parametrize("body", ["7" * 5000, "[" * 100_000 + "]" * 100_000])
def test_runaway_json_file_is_one_named_problem(tmp_path, body):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "x", "v": ' + body + "}")
    path2 = tmp_path / "good.txt"
    path2.write_text("Police arrested protesters in Minsk.")
    items = list(read_inputs([str(path), str(path2)]))
    assert isinstance(items[0], InputProblem) and "bad.json" in items[0].message
    assert "E014" in items[0].message
    assert isinstance(items[1], Document)


# -- NUL characters ----------------------------------------------------------------------

def test_nul_is_replaced_at_the_document_boundary_keeping_offsets():
    doc = Document.from_text("Police\x00 arrested\x00 students.", title="a\x00b", source="\x00")
    assert "\x00" not in doc.text and len(doc.text) == len("Police\x00 arrested\x00 students.")
    assert doc.text == "Police\ufffd arrested\ufffd students."
    assert (doc.title, doc.source) == ("a\ufffdb", "\ufffd")


PG_URL = os.environ.get("TACITUS_TEST_PG_URL")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="TACITUS_TEST_PG_URL not set")])])
def test_a_document_with_nul_is_stored_the_same_on_both_backends(tmp_path, pipeline, backend):
    url = f"sqlite:///{tmp_path / 'nul.db'}" if backend == "sqlite" else PG_URL
    doc = Document.from_text("Police arrested 40 protesters\x00 in Minsk on Sunday.",
                             doc_id=f"nul-{backend}-{os.getpid()}", title="t\x00")
    after = Document.from_text("Russian forces shelled Kharkiv on Monday.",
                               doc_id=f"after-{backend}-{os.getpid()}")
    with Store(url) as store:
        if backend == "postgresql":  # start from empty tables (a store skips known texts)
            with store.connect(write=True) as conn:
                conn.execute(text("TRUNCATE mentions, events, actors, documents"))
        for d in (doc, after):
            assert store.add(d, next(pipeline.code([d])).events) is True
        stored = store.document(doc.doc_id)
        assert stored["text"] == "Police arrested 40 protesters\ufffd in Minsk on Sunday."
        assert store.has_document(after.doc_id)
        assert store.events(doc_id=doc.doc_id)


# -- a fresh database, several processes ------------------------------------------------

def test_new_sqlite_database_opened_by_three_processes_at_once(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    for round_ in range(3):
        db = tmp_path / f"new{round_}.db"
        code = f"from tacitus.store import Store\nwith Store({str(db)!r}) as s: print(s.stats()['events'])"
        procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
        results = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
        assert [r[2] for r in results] == [0, 0, 0], [r[1][-300:] for r in results]
        assert [r[0].strip() for r in results] == ["0", "0", "0"]


# -- a coder failure is an outcome, never "coded with no events" -------------------------

class _Flaky:
    """Wraps a coder; fails on texts holding BOOM while `broken` is set."""

    def __init__(self, coder):
        self.coder, self.broken = coder, True

    def code(self, document, doc, offset=0):
        if self.broken and "BOOM" in document.text:
            raise RuntimeError("kaboom")
        return self.coder.code(document, doc, offset=offset)


@pytest.fixture()
def flaky(pipeline, monkeypatch):
    wrapper = _Flaky(pipeline.coder)
    monkeypatch.setattr(pipeline, "coder", wrapper)
    return wrapper


def test_pipeline_yields_each_documents_outcome(pipeline, flaky):
    docs = [Document.from_text(NEWS, doc_id="good1"),
            Document.from_text("BOOM. " + NEWS, doc_id="bad", origin="bad.txt"),
            Document.from_text(NEWS, doc_id="good2")]
    outcomes = list(pipeline.code(docs))
    assert [o.document.doc_id for o in outcomes] == ["good1", "bad", "good2"]
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].events == [] and "E050" in outcomes[1].failure
    assert "bad.txt" in outcomes[1].failure and "kaboom" in outcomes[1].failure
    assert outcomes[0].events and outcomes[2].events


def test_failed_document_is_not_stored_and_is_coded_on_the_next_try(tmp_path, pipeline, flaky):
    from tacitus import service
    from tacitus.errors import CodingFailed

    lazy = service.LazyPipeline(lambda: pipeline)
    document = Document.from_text("BOOM. " + NEWS, doc_id="retry-me")
    with Store(f"sqlite:///{tmp_path / 'f.db'}") as store:
        with pytest.raises(CodingFailed, match="E050"):
            service.add_document(store, lazy, document)
        assert not store.has_document("retry-me")
        flaky.broken = False
        result = service.add_document(store, lazy, document)
        assert result["stored"] is True and result["events"]
        assert store.has_document("retry-me")


def test_api_reports_a_coder_failure_and_stores_nothing(tmp_path, pipeline, flaky):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from tacitus.api import create_app

    url = f"sqlite:///{tmp_path / 'api.db'}"
    Store(url).init()   # the server never creates a database
    app = create_app(url, "tok", pipeline_factory=lambda: pipeline)
    with TestClient(app) as client:
        auth = {"Authorization": "Bearer tok"}
        response = client.post("/api/documents", json={"text": "BOOM. " + NEWS, "id": "x"},
                               headers=auth)
        assert response.status_code == 500 and "E050" in response.json()["detail"]
        assert client.get("/api/documents/x").status_code == 404
        flaky.broken = False
        assert client.post("/api/documents", json={"text": "BOOM. " + NEWS, "id": "x"},
                           headers=auth).status_code == 201
