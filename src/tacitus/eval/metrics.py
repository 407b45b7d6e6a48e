"""Counting helpers shared by the event and sentence-label scorers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PRF:
    """True positives, false positives and false negatives of one label or type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict:
        precision = ratio(self.tp, self.tp + self.fp)
        recall = ratio(self.tp, self.tp + self.fn)
        f1 = ratio(2 * precision * recall, precision + recall)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": precision,
                "recall": recall, "f1": f1}


@dataclass
class Accuracy:
    correct: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.correct += int(ok)

    def as_dict(self) -> dict:
        return {"correct": self.correct, "n": self.n,
                "accuracy": ratio(self.correct, self.n) if self.n else None}


def ratio(num: float, den: float) -> float:
    """num/den, 0.0 for an empty denominator (the usual zero-division convention)."""
    return num / den if den else 0.0


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end
