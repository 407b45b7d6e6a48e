"""The synthetic corpus generator, the bundled examples and their hand-made gold."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from tacitus.records import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTATIONS = ROOT / "tests" / "data" / "coder" / "expectations.jsonl"
FIELDS = {"id", "text", "published", "url", "title", "source"}


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus():
    return _load_corpus_module()


# -- generator ---------------------------------------------------------------------

def test_same_seed_gives_same_articles(corpus):
    assert list(corpus.generate(50, seed=3)) == list(corpus.generate(50, seed=3))


def test_other_seed_gives_other_articles(corpus):
    a = [d["text"] for d in corpus.generate(20, seed=1)]
    b = [d["text"] for d in corpus.generate(20, seed=2)]
    assert a != b


def test_shorter_run_is_a_prefix_of_a_longer_one(corpus):
    assert list(corpus.generate(10, seed=5)) == list(corpus.generate(30, seed=5))[:10]


def test_cli_writes_n_valid_documents_with_unique_ids(corpus, tmp_path):
    out = tmp_path / "corpus.jsonl"
    assert corpus.main(["200", "-o", str(out), "--seed", "9"]) == 0
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 200
    assert len({d["id"] for d in docs}) == 200
    for d in docs:
        assert set(d) == FIELDS
        assert d["text"].strip() and d["title"].strip()
        assert 2020 <= date.fromisoformat(d["published"]).year <= 2026
        assert "{" not in d["text"] and "}" not in d["text"], "unfilled template slot"


def test_articles_look_like_news_in_length(corpus):
    words = [len(d["text"].split()) for d in corpus.generate(300, seed=0)]
    assert 150 <= sum(words) / len(words) <= 350


def test_zero_articles(corpus, tmp_path):
    out = tmp_path / "empty.jsonl"
    assert corpus.main(["0", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == ""


# -- bundled examples --------------------------------------------------------------

def _example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})


def test_examples_are_readable_utf8_with_text():
    files = _example_files()
    assert len([p for p in files if p.suffix == ".txt"]) >= 8
    for path in files:
        content = path.read_bytes().decode("utf-8")  # raises on bad UTF-8
        assert content.strip(), path.name
        if path.suffix == ".jsonl":
            for line in content.splitlines():
                item = json.loads(line)
                assert FIELDS <= set(item) and item["text"].strip(), path.name
                date.fromisoformat(item["published"])


def test_every_text_and_html_example_has_a_publication_date():
    rows = (EXAMPLES / "published.tsv").read_text(encoding="utf-8").splitlines()[1:]
    dates = dict(row.split("\t") for row in rows if row.strip())
    for path in _example_files():
        if path.suffix in {".txt", ".html"}:
            date.fromisoformat(dates[path.name])


# -- hand-made gold ----------------------------------------------------------------

@pytest.fixture(scope="module")
def gold_docs() -> list[dict]:
    return [json.loads(line) for line in EXPECTATIONS.read_text(encoding="utf-8").splitlines()]


def test_gold_evidence_and_negatives_are_substrings_of_text(gold_docs):
    assert sum(len(d["events"]) for d in gold_docs) >= 15
    for doc in gold_docs:
        for event in doc["events"]:
            assert event["evidence"] in doc["text"], (doc["doc_id"], event["evidence"])
            assert event["event_type"] in EVENT_TYPES
        for sentence in doc.get("negatives", []):
            assert sentence in doc["text"], (doc["doc_id"], sentence)


def test_gold_text_is_the_example_text(gold_docs):
    wire = {}
    for line in (EXAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        wire[item["id"]] = item["text"]
    for doc in gold_docs:
        expected = wire.get(doc["doc_id"])
        if expected is None:
            expected = (EXAMPLES / doc["doc_id"]).read_text(encoding="utf-8")
        assert doc["text"] == expected, doc["doc_id"]
