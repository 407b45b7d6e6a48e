"""Choose the hybrid coder's thresholds by cross-validation on the project's corpus.

    .venv/bin/python bench/tune_hybrid.py [--folds 5] [--json out.json] [--rescue]

Splits the corpus (knowledge/data/corpus, never ../shared/eval) into folds by item;
for each fold trains the classifier on the other folds, then codes the held-out items with
the rules coder and with the hybrid at several threshold settings, and scores them with
`tacitus eval`'s event scorer (event F1, type-confusion-aware) and ACLED sub-type accuracy.
Prints one line per setting; the shipped defaults in coding/hybrid.py come from here.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from tacitus.coding.arguments import EventBuilder
from tacitus.coding.hybrid import HybridCoder
from tacitus.coding.rules import RulesCoder
from tacitus.config import Settings
from tacitus.eval.events import score_events
from tacitus.learn.encoder import encode
from tacitus.learn.examples import corpus_files, from_item
from tacitus.learn.model import train
from tacitus.pipeline import Pipeline
from tacitus.records import Document

GRID = [  # (veto, strong, propose); propose 2.0 = never
    {"veto": 0.15, "strong": 1.1, "propose": 2.0},   # the 1.0 hybrid: veto whatever the rules say
    {"veto": 0.1, "strong": 0.7, "propose": 2.0},
    {"veto": 0.05, "strong": 0.7, "propose": 2.0},
    {"veto": 0.1, "strong": 0.6, "propose": 2.0},
    {"veto": 0.1, "strong": 0.8, "propose": 2.0},
    {"veto": 0.1, "strong": 0.7, "propose": 0.9},
    {"veto": 0.1, "strong": 0.7, "propose": 0.8},
    {"veto": 0.1, "strong": 0.7, "propose": 0.7},
    {"veto": 0.1, "strong": 0.7, "propose": 0.6},
    {"veto": 0.1, "strong": 0.7, "propose": 0.5},
    {"veto": 0.1, "strong": 0.7, "propose": 0.4},
    {"veto": 0.1, "strong": 0.8, "propose": 0.6},
]
# --rescue: the shipped setting with the rescue of weak rules mentions at several levels
# (rescue 2.0 = never).
RESCUE_GRID = [{"veto": 0.1, "strong": 0.7, "propose": 0.6, "rescue": r}
               for r in (2.0, 0.95, 0.9, 0.8, 0.7)]


class CachedClassifier:
    """A fold's classifier with the sentence vectors computed once for every setting."""

    def __init__(self, model, cache: dict[str, np.ndarray]):
        self.model, self.cache = model, cache
        self.meta, self.version = model.meta, model.version
        self.acled_types_for = model.acled_types_for

    def predict(self, texts):
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, encode(missing), strict=True))
        return self.model.predict_vectors(np.stack([self.cache[t] for t in texts]))


def acled_accuracy(items: list[dict], events: list) -> float:
    """Share of items with one gold ACLED event whose most confident predicted event has
    that sub-type (as the CASE scorer reads a snippet)."""
    by_doc: dict[str, list] = {}
    for e in events:
        by_doc.setdefault(e.doc_id, []).append(e)
    right = total = 0
    for item in items:
        subs = [e["acled"]["sub_event_type"] for e in item["events"] if e.get("acled")]
        if len(subs) != 1:
            continue
        total += 1
        got = [e for e in sorted(by_doc.get(item["doc_id"], []), key=lambda e: -e.confidence)
               if e.acled]
        right += bool(got) and got[0].acled.sub_event_type == subs[0]
    return right / total if total else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--rescue", action="store_true",
                    help="only the rules and the rescue settings (RESCUE_GRID)")
    args = ap.parse_args()
    grid = RESCUE_GRID if args.rescue else GRID
    items = [json.loads(line) for path in corpus_files()
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = np.random.default_rng(5).permutation(len(items))
    folds = [sorted(order[i::args.folds]) for i in range(args.folds)]
    pipeline = Pipeline(Settings.load())
    docs = [Document(doc_id=it["doc_id"], text=it["text"], published=it.get("published"))
            for it in items]
    started = time.perf_counter()
    parsed = {chunk.document.doc_id: (chunk, doc) for doc, chunk in pipeline._parsed(docs)}
    print(f"parsed {len(parsed)} items in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    texts = sorted({it["text"] for it in items})
    table = dict(zip(texts, encode(texts), strict=True))
    builder, cache = EventBuilder(), {}
    results = {"rules": []} | {json.dumps(g): [] for g in grid}
    for k, test in enumerate(folds):
        held = set(test)
        examples, rows = [], []
        for i, item in enumerate(items):
            if i not in held:
                for ex in from_item(item):
                    examples.append(ex)
                    rows.append(table[ex.text])
        model = train(examples, version=f"fold{k}", sources=[], cv=3, vectors=np.stack(rows))
        clf = CachedClassifier(model, cache)
        coders = {"rules": RulesCoder(builder=builder)} | {
            json.dumps(g): HybridCoder(classifier=clf, builder=builder, thresholds=g) for g in grid}
        for name, coder in coders.items():
            events = []
            for i in test:
                chunk, doc = parsed[items[i]["doc_id"]]
                events.extend(coder.code(chunk.document, doc, offset=chunk.offset))
            results[name].append((test, events))
        print(f"fold {k} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    report = {}
    for name, runs in results.items():
        events = [e for _, evs in runs for e in evs]
        scored = score_events(items, events)
        report[name] = {"f1": scored["events"]["f1"], "p": scored["events"]["precision"],
                        "r": scored["events"]["recall"],
                        "acled_acc": round(acled_accuracy(items, events), 3)}
        print(f"{name:<55} {json.dumps(report[name])}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
