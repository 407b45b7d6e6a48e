"""The sentence encoder's variants and thread counts, in one process.

    .venv/bin/python bench/bench_encoder.py [--n 300] [--threads 1 2] [--chunk 3]

Embeds --n sentences of the project's corpus (knowledge/data/corpus) with each encoder
variant of `tacitus.learn.encoder` and each torch thread count, two ways: in calls of
--chunk sentences (as the hybrid coder does, a few sentences per document) and in one
call. Prints wall and CPU seconds, words per wall second, and each variant's cosine to the
float encoder's embeddings (what the trained heads see change).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import torch

from tacitus.learn.encoder import ENCODER_NAME, ENCODERS, encode, load_encoder
from tacitus.learn.examples import corpus_files


def sentences(n: int, seed: int = 1) -> list[str]:
    texts = [json.loads(line)["text"] for path in corpus_files()
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = np.random.default_rng(seed).permutation(len(texts))
    return [texts[i] for i in order[:n]]


def timed(texts: list[str], chunk: int, encoder: str) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = np.vstack([encode(texts[i:i + chunk], encoder=encoder)
                         for i in range(0, len(texts), chunk)])
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--chunk", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    texts = sentences(args.n)
    words = sum(len(t.split()) for t in texts)
    for name in ENCODERS:
        load_encoder(name)
    reference = encode(texts, encoder=ENCODER_NAME)
    print(f"{len(texts)} sentences, {words} words")
    for threads in args.threads:
        torch.set_num_threads(threads)
        for name in ENCODERS:
            for chunk in (args.chunk, len(texts)):
                wall, cpu, vectors = timed(texts, chunk, name)
                cos = (vectors * reference).sum(axis=1)
                print(f"{name:<24} threads {threads} calls of {chunk:>4}: wall {wall:6.2f} s "
                      f"cpu {cpu:6.2f} s  {words / wall:6.0f} words/s  "
                      f"cosine to float min {cos.min():.3f} mean {cos.mean():.3f}")


if __name__ == "__main__":
    main()
