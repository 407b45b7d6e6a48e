"""The sentence encoder: torch thread counts, call sizes, and an int8 variant, in one process.

    .venv/bin/python bench/bench_encoder.py [--n 300] [--threads 1 2] [--chunk 3]

Embeds --n sentences of the project's corpus (knowledge/data/corpus) in calls of --chunk
sentences (as a coder does document by document) and in one call, with each torch thread
count; prints wall and CPU seconds and words per wall second. Then the same for the
encoder with its Linear layers quantised to int8 (torch dynamic quantisation, per-channel
weights), with its embeddings' cosine to the float ones and to its own embeddings of each
sentence alone: dynamic quantisation scales a whole batch's activations at once, so an
int8 embedding depends on the sentences encoded with it (why tacitus does not use it).
"""

from __future__ import annotations

import argparse
import copy
import json
import time
import warnings

import numpy as np
import torch

from tacitus.learn.encoder import load_encoder
from tacitus.learn.examples import corpus_files


def sentences(n: int, seed: int = 1) -> list[str]:
    texts = [json.loads(line)["text"] for path in corpus_files()
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order[:n]]


def timed(model, texts: list[str], chunk: int) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = np.vstack([model.encode(texts[i:i + chunk], batch_size=64, show_progress_bar=False,
                                      normalize_embeddings=True, convert_to_numpy=True)
                         for i in range(0, len(texts), chunk)])
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def int8(model):
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quantize_dynamic(copy.deepcopy(model), {torch.nn.Linear: per_channel_dynamic_qconfig},
                                dtype=torch.qint8)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--chunk", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    texts = sentences(args.n)
    words = sum(len(t.split()) for t in texts)
    model = load_encoder()
    quantised = int8(model)
    print(f"{len(texts)} sentences, {words} words")
    reference = alone = None
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name, m in (("float", model), ("int8", quantised)):
            for chunk in (args.chunk, len(texts)):
                wall, cpu, vectors = timed(m, texts, chunk)
                line = (f"{name:<5} threads {threads} calls of {chunk:>4}: wall {wall:6.2f} s "
                        f"cpu {cpu:6.2f} s {words / wall:6.0f} words/s")
                if name == "float" and reference is None:
                    reference = vectors
                if name == "int8":
                    if alone is None:
                        alone = timed(m, texts, 1)[2]
                    to_float, to_alone = (vectors * reference).sum(1), (vectors * alone).sum(1)
                    line += (f"  cosine to float mean {to_float.mean():.3f}, to itself alone "
                             f"min {to_alone.min():.3f}")
                print(line, flush=True)


if __name__ == "__main__":
    main()
