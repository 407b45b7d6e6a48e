"""A trained event classifier: its heads, what it was trained on, and its directory form.

A model directory holds `model.json` (format, version, encoder, labels, temperatures,
training files and cross-validated scores) and `heads.npz` (the weights), and may hold in
`screen/` a second model of the same form over the static encoder (learn/encoder.py), which
the hybrid coder reads every sentence with first, to find the few that need the full
encoder (coding/hybrid.py, "Screening"). `tacitus train`
writes one; `--model DIR` reads one; the package ships one trained on the project's corpus.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np

from tacitus.errors import TacitusError
from tacitus.learn.encoder import DEFAULT_ENCODER, ENCODER_NAME, ENCODERS, STATIC
from tacitus.learn.examples import HEADS, NO_ACLED, Example
from tacitus.learn.heads import Head, train_head

FORMAT = "tacitus-event-classifier"
FORMAT_VERSION = 1
SHIPPED = "models/event-classifier"     # under knowledge/data
SCREEN = "screen"                       # the screening model's folder in a model directory


class EventClassifier:
    """Heads over one sentence encoder; `predict` gives each head's label probabilities."""

    def __init__(self, heads: dict[str, Head], meta: dict,
                 screen: EventClassifier | None = None):
        self.heads = heads
        self.meta = meta
        self.screen = screen           # the cheap first reader, or None (module docstring)
        self._prefetched: dict[str, np.ndarray] = {}
        self._stack: tuple | None = None     # the heads side by side (`predict_vectors`)

    @property
    def version(self) -> str:
        return self.meta.get("version", "unnamed")

    @cached_property
    def acled_types_for(self) -> dict[str, frozenset[str]]:
        """PLOVER type -> ACLED sub-types seen with it in training (empty: no constraint).
        Built once: the hybrid asks for it per event."""
        return {k: frozenset(v) for k, v in self.meta.get("acled_types_for", {}).items()}

    def predict_vectors(self, x: np.ndarray) -> list[dict[str, dict[str, float]]]:
        # All heads at once: one product by the heads' weights side by side, one softmax
        # over each head's columns (`np.*.reduceat` over the column spans). The coders
        # predict a sentence or two at a time, where five heads' small products and
        # softmaxes would cost mostly their calls.
        weights, bias, scale, starts, sizes, spans = self._stacked()
        z = (x @ weights.T + bias) / scale
        z -= np.repeat(np.maximum.reduceat(z, starts, axis=1), sizes, axis=1)
        e = np.exp(z)
        p = (e / np.repeat(np.add.reduceat(e, starts, axis=1), sizes, axis=1)).tolist()
        return [{name: dict(zip(labels, row[lo:hi], strict=True))
                 for name, labels, lo, hi in spans} for row in p]

    def _stacked(self) -> tuple[np.ndarray, ...]:
        if self._stack is None:
            heads = list(self.heads.values())
            sizes = np.array([len(h.labels) for h in heads])
            starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
            spans = [(name, head.labels, lo, lo + len(head.labels))
                     for (name, head), lo in zip(self.heads.items(), starts.tolist(), strict=True)]
            self._stack = (np.vstack([h.weights for h in heads]),
                           np.concatenate([h.bias for h in heads]),
                           np.repeat([h.temperature for h in heads], sizes).astype(np.float32),
                           starts, sizes, spans)
        return self._stack

    def predict(self, texts: list[str]) -> list[dict[str, dict[str, float]]]:
        from tacitus.learn.encoder import encode

        held = self._prefetched
        missing = [t for t in dict.fromkeys(texts) if t not in held]
        if not missing:
            return self.predict_vectors(np.stack([held[t] for t in texts]))
        if len(missing) == len(texts):
            return self.predict_vectors(encode(texts, encoder=self.encoder))
        table = dict(held) | dict(zip(missing, encode(missing, encoder=self.encoder), strict=True))
        return self.predict_vectors(np.stack([table[t] for t in texts]))

    def prefetch(self, texts: list[str]) -> None:
        """Embed `texts` in one encoder call for the `predict` calls that follow (a coder
        announcing the sentences of the next documents). Replaces what was held before, so
        memory stays at one window; a text not held is embedded when predicted."""
        from tacitus.learn.encoder import encode

        unique = list(dict.fromkeys(texts))
        self._prefetched = dict(zip(unique, encode(unique, encoder=self.encoder), strict=True))

    @property
    def encoder(self) -> str:
        """The encoder variant the heads were trained on (learn/encoder.py)."""
        return self.meta.get("encoder", ENCODER_NAME)

    # -- files ---------------------------------------------------------------------------

    def save(self, folder: Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {}
        meta = dict(self.meta, format=FORMAT, format_version=FORMAT_VERSION, heads={})
        for name, head in self.heads.items():
            arrays[f"{name}.weights"] = head.weights.astype(np.float32)
            arrays[f"{name}.bias"] = head.bias.astype(np.float32)
            meta["heads"][name] = {"labels": head.labels, "temperature": head.temperature,
                                   "cv": head.report}
        np.savez_compressed(folder / "heads.npz", **arrays)
        (folder / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
        if self.screen is not None:
            self.screen.save(folder / SCREEN)
        elif (folder / SCREEN).is_dir():      # a stale screen would not fit these heads
            import shutil

            shutil.rmtree(folder / SCREEN)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> EventClassifier:
        folder = Path(folder)
        try:
            meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT:
                raise ValueError("model.json is not a tacitus event classifier")
            if meta.get("format_version", 0) > FORMAT_VERSION:
                raise ValueError(f"format {meta['format_version']} is newer than this tacitus")
            if meta.get("encoder", ENCODER_NAME) not in ENCODERS:
                raise ValueError(f"encoder {meta['encoder']!r} is not one of this tacitus: "
                                 + ", ".join(ENCODERS))
            with np.load(folder / "heads.npz", allow_pickle=False) as arrays:
                heads = {name: Head(spec["labels"], arrays[f"{name}.weights"],
                                    arrays[f"{name}.bias"], float(spec["temperature"]),
                                    spec.get("cv", {}))
                         for name, spec in meta["heads"].items()}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TacitusError("E054", path=folder, reason=_reason(exc)) from None
        screen = cls.load(folder / SCREEN) if (folder / SCREEN / "model.json").is_file() else None
        return cls(heads, meta, screen)


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"no {Path(exc.filename).name}" if exc.filename else "missing file"
    if isinstance(exc, KeyError):
        return f"missing {exc}"
    return str(exc)


def shipped_model_dir() -> Path:
    from tacitus.knowledge import data_path

    return data_path(SHIPPED)


def load_model_dir(folder: str | Path | None) -> EventClassifier:
    """The model in `folder`, or the shipped one."""
    return EventClassifier.load(folder if folder else shipped_model_dir())


def train(examples: list[Example], *, version: str, sources: list[str], cv: int = 5,
          c: float = 4.0, vectors: np.ndarray | None = None,
          encoder: str | None = None, screen: bool = False) -> EventClassifier:
    """Train every head the examples give labels for. `vectors` (one row per example,
    made with `encoder`) skips encoding, for callers that already embedded the texts.
    `screen`: also train the screening model on the static encoder (module docstring)."""
    encoder = encoder or DEFAULT_ENCODER
    if not examples:
        raise TacitusError("E055", reason="the files hold no usable examples")
    if vectors is None:
        from tacitus.learn.encoder import encode

        unique = sorted({e.text for e in examples})
        table = dict(zip(unique, encode(unique, encoder=encoder), strict=True))
        vectors = np.stack([table[e.text] for e in examples])
    heads = {}
    for name in HEADS:
        rows = [i for i, e in enumerate(examples) if e.label(name) is not None]
        if not rows:
            continue
        head = train_head(vectors[rows], [examples[i].label(name) for i in rows], c=c, cv=cv)
        if head is not None:
            heads[name] = head
    if not heads:
        raise TacitusError("E055", reason="every head needs examples of at least two labels")
    pairs = defaultdict(set)
    for e in examples:
        if e.type and e.acled and e.acled != NO_ACLED:
            pairs[e.type].add(e.acled)
    meta = {"version": version, "encoder": encoder, "trained": date.today().isoformat(),
            "trained_on": sources, "examples": len(examples),
            "label_counts": {name: dict(Counter(e.label(name) for e in examples
                                                if e.label(name) is not None).most_common())
                             for name in heads},
            "acled_types_for": {k: sorted(v) for k, v in sorted(pairs.items())}}
    first = train(examples, version=f"{version}-screen", sources=sources, cv=cv, c=c,
                  encoder=STATIC) if screen and encoder != STATIC else None
    return EventClassifier(heads, meta, first)
