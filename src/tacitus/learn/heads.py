"""One classification head: a softmax over labels from a sentence embedding.

Trained with scikit-learn's logistic regression, stored as plain arrays (no pickle: a
model file is data, safe to share), applied with numpy. Its probabilities are calibrated
by one temperature fitted on out-of-fold predictions, so "0.8" means right about 80% of
the time on data like the training data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

TEMPERATURES = np.exp(np.linspace(np.log(0.25), np.log(4.0), 41))


@dataclass
class Head:
    labels: list[str]
    weights: np.ndarray          # (labels, dims)
    bias: np.ndarray             # (labels,)
    temperature: float = 1.0
    report: dict = field(default_factory=dict)

    def logits(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weights.T + self.bias

    def proba(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.logits(x) / self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit(x: np.ndarray, y: np.ndarray, labels: list[str], c: float) -> tuple[np.ndarray, np.ndarray]:
    """(weights, bias) over all `labels`; a label absent from `y` gets a very low bias."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    weights = np.zeros((len(labels), x.shape[1]), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)
    index = {label: i for i, label in enumerate(labels)}
    if len(model.classes_) == 2:        # sklearn keeps one row for two classes
        rows, inter = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2]), \
            np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        rows, inter = model.coef_, model.intercept_
    for k, label in enumerate(model.classes_):
        weights[index[label]] = rows[k]
        bias[index[label]] = inter[k]
    return weights, bias


def _folds(n: int, k: int, seed: int = 13) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def train_head(x: np.ndarray, y: list[str], c: float = 4.0, cv: int = 5) -> Head | None:
    """A calibrated head, with out-of-fold accuracy, macro-F1 and calibration error in
    `report`; None when the examples hold fewer than two labels."""
    labels = sorted(set(y))
    if len(labels) < 2:
        return None
    y_arr = np.array(y)
    weights, bias = _fit(x, y_arr, labels, c)
    head = Head(labels, weights, bias)
    k = min(cv, len(y))
    if k < 2:
        return head
    logits = np.zeros((len(y), len(labels)), dtype=np.float32)
    for test in _folds(len(y), k):
        train = np.setdiff1d(np.arange(len(y)), test)
        if len(set(y_arr[train])) < 2:
            logits[test] = np.log(np.full(len(labels), 1 / len(labels)))
            continue
        w, b = _fit(x[train], y_arr[train], labels, c)
        logits[test] = x[test] @ w.T + b
    truth = np.array([labels.index(v) for v in y])
    head.temperature = float(min(TEMPERATURES, key=lambda t: _nll(logits / t, truth)))
    head.report = _scores(softmax(logits / head.temperature), truth, labels, k,
                          ece_raw=_ece(softmax(logits), truth))
    return head


def _nll(z: np.ndarray, truth: np.ndarray) -> float:
    p = softmax(z)[np.arange(len(truth)), truth]
    return float(-np.log(np.clip(p, 1e-9, 1)).mean())


def _ece(p: np.ndarray, truth: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of the top label's probability."""
    top, conf = p.argmax(axis=1), p.max(axis=1)
    right = top == truth
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        inside = (conf > lo) & (conf <= lo + 1 / bins)
        if inside.any():
            total += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
    return round(float(total), 3)


def _scores(p: np.ndarray, truth: np.ndarray, labels: list[str], k: int, ece_raw: float) -> dict:
    pred = p.argmax(axis=1)
    f1s = []
    for i in range(len(labels)):
        tp = int(((pred == i) & (truth == i)).sum())
        fp = int(((pred == i) & (truth != i)).sum())
        fn = int(((pred != i) & (truth == i)).sum())
        if tp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return {"n": len(truth), "labels": len(labels), "folds": k,
            "accuracy": round(float((pred == truth).mean()), 3),
            "macro_f1": round(float(np.mean(f1s)), 3) if f1s else 0.0,
            "ece_uncalibrated": ece_raw, "ece": _ece(p, truth)}
