"""A trained model names the sentence encoder its heads were trained on and is read with
that encoder (heads trained on one give wrong answers on another); the hybrid codes the
same events whether documents are embedded together or one by one."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tacitus.errors import TacitusError
from tacitus.learn.encoder import DEFAULT_ENCODER, ENCODERS
from tacitus.learn.examples import Example
from tacitus.learn.model import EventClassifier, load_model_dir, train

EXAMPLES = [Example("Police detained four students in Quito.", event="yes"),
            Example("Police arrested a union leader in Lima.", event="yes"),
            Example("The club sold its striker for a record fee.", event="no"),
            Example("Rain is expected across the coast on Friday.", event="no")]


def _vectors(n: int) -> np.ndarray:
    x = np.random.default_rng(3).normal(size=(n, 384)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("encoder", ENCODERS)
def test_a_trained_model_keeps_the_name_of_its_encoder(tmp_path, encoder):
    model = train(EXAMPLES, version="tiny", sources=[], cv=0, vectors=_vectors(4),
                  encoder=encoder)
    model.save(tmp_path)
    assert json.loads((tmp_path / "model.json").read_text())["encoder"] == encoder
    assert EventClassifier.load(tmp_path).encoder == encoder


def test_new_models_use_the_default_encoder_and_the_shipped_one_matches_it(tmp_path):
    model = train(EXAMPLES, version="tiny", sources=[], cv=0, vectors=_vectors(4))
    assert model.encoder == DEFAULT_ENCODER
    assert load_model_dir(None).encoder == DEFAULT_ENCODER


def test_a_model_for_an_encoder_this_tacitus_lacks_is_one_clear_error(tmp_path):
    train(EXAMPLES, version="tiny", sources=[], cv=0, vectors=_vectors(4)).save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    (tmp_path / "model.json").write_text(json.dumps(dict(meta, encoder="bert-large-cased")))
    with pytest.raises(TacitusError) as err:
        EventClassifier.load(tmp_path)
    assert err.value.code == "E054" and "bert-large-cased" in str(err.value)


NEWS = [
    ("Police detained 30 striking miners in Rustenburg on Monday. The union condemned the "
     "arrests and called for a general strike."),
    "Shares of the brewer fell after the merger talks collapsed.",
    ("Rebels shelled the outskirts of Goma overnight, killing four civilians. The army said "
     "it had repelled the attack."),
    "The foreign minister met her Kenyan counterpart in Nairobi to discuss border trade.",
]


@pytest.fixture(scope="module")
def hybrid_pipeline():
    from tacitus.pipeline import Pipeline

    return Pipeline(coder="hybrid")


def _coded(pipeline) -> list[dict]:
    from tacitus.records import Document

    docs = [Document(doc_id=f"d{i}", text=t, published="2024-03-01") for i, t in enumerate(NEWS)]
    return [e.to_json_dict() for outcome in pipeline.code(docs) for e in outcome.events]


def test_the_hybrid_codes_the_same_events_whether_documents_are_embedded_together(
        hybrid_pipeline, monkeypatch):
    together = _coded(hybrid_pipeline)
    assert {e["event_type"] for e in together} >= {"COERCE"}
    monkeypatch.setattr(hybrid_pipeline.coder, "prepare", None)       # one call per document
    assert _coded(hybrid_pipeline) == together


def test_a_failed_window_embedding_falls_back_to_one_document_at_a_time(
        hybrid_pipeline, monkeypatch):
    expected = _coded(hybrid_pipeline)

    def broken(texts):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(hybrid_pipeline.coder.classifier, "prefetch", broken)
    monkeypatch.setattr(hybrid_pipeline.coder.classifier, "_prefetched", {})
    assert _coded(hybrid_pipeline) == expected
