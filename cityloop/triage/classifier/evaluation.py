"""How well a model does: accuracy, macro-F1, per-class scores, confusions, calibration."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)


@dataclass
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Evaluation:
    n: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    per_class: dict[str, ClassScore]
    confusion: list[list[int]]  # rows: true label, columns: predicted, in ``labels`` order
    per_language: dict[str, dict[str, float]] = field(default_factory=dict)
    calibration: dict[str, float] = field(default_factory=dict)
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> dict[str, Any]:
        """What a model's manifest and row keep: no confusion matrix."""
        return {"n": self.n, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "per_language": self.per_language, "calibration": self.calibration,
                "per_class_f1": {k: v.f1 for k, v in self.per_class.items()}}

    def confusions(self, top: int = 8) -> list[tuple[str, str, int]]:
        """The most frequent mistakes: (true, predicted, count)."""
        pairs = [(self.labels[i], self.labels[j], n)
                 for i, row in enumerate(self.confusion) for j, n in enumerate(row)
                 if i != j and n]
        return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))[:top]


def _r(x: float) -> float:
    return round(float(x), 4)


def evaluate(true: Sequence[str], predicted: Sequence[str],
             confidence: Sequence[float] | None = None, languages: Sequence[str] | None = None,
             threshold: float = 0.6, source: str = "") -> Evaluation:
    labels = sorted(set(true) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(true, predicted, labels=labels, zero_division=0)
    per_class = {label: ClassScore(_r(p[i]), _r(r[i]), _r(f[i]), int(s[i]))
                 for i, label in enumerate(labels)}
    present = sorted(set(true))
    result = Evaluation(
        n=len(true),
        accuracy=_r(accuracy_score(true, predicted)) if true else 0.0,
        macro_f1=_r(f1_score(true, predicted, labels=present, average="macro",
                             zero_division=0)) if true else 0.0,
        labels=labels,
        per_class=per_class,
        confusion=confusion_matrix(true, predicted, labels=labels).tolist() if true else [],
        source=source,
    )
    if languages is not None:
        result.per_language = _per_language(true, predicted, languages)
    if confidence is not None and len(true):
        result.calibration = calibration(true, predicted, confidence, threshold)
    return result


def _per_language(true: Sequence[str], predicted: Sequence[str],
                  languages: Sequence[str]) -> dict[str, dict[str, float]]:
    out = {}
    for lang, n in sorted(Counter(languages).items()):
        if not lang:
            continue
        idx = [i for i, lg in enumerate(languages) if lg == lang]
        t, pr = [true[i] for i in idx], [predicted[i] for i in idx]
        out[lang] = {"n": n, "accuracy": _r(accuracy_score(t, pr)),
                     "macro_f1": _r(f1_score(t, pr, labels=sorted(set(t)), average="macro",
                                             zero_division=0))}
    return out


def calibration(true: Sequence[str], predicted: Sequence[str], confidence: Sequence[float],
                threshold: float, bins: int = 10) -> dict[str, float]:
    """Expected calibration error of the top answer, and what the threshold lets through.

    ``above_threshold_share``: the share of reports whose confidence reaches
    ``threshold`` (they would be assigned a category without asking);
    ``above_threshold_accuracy``: how often those are right.
    """
    conf = np.asarray(confidence, dtype=float)
    right = np.asarray(true) == np.asarray(predicted)
    ece = 0.0
    for b in range(bins):
        inside = (conf > b / bins) & (conf <= (b + 1) / bins)
        if inside.any():
            ece += inside.mean() * abs(right[inside].mean() - conf[inside].mean())
    above = conf >= threshold
    return {"ece": _r(ece), "threshold": threshold, "above_threshold_share": _r(above.mean()),
            "above_threshold_accuracy": _r(right[above].mean()) if above.any() else 0.0}


def as_text(ev: Evaluation, title: str = "") -> str:
    lines = [title] if title else []
    lines.append(f"reports {ev.n}   accuracy {ev.accuracy:.3f}   macro-F1 {ev.macro_f1:.3f}")
    for lang, by in ev.per_language.items():
        lines.append(f"  {lang:<8} n={int(by['n']):<5} accuracy {by['accuracy']:.3f}   "
                     f"macro-F1 {by['macro_f1']:.3f}")
    if ev.calibration:
        c = ev.calibration
        lines.append(f"calibration: ECE {c['ece']:.3f}; confidence >= {c['threshold']}: "
                     f"{c['above_threshold_share']:.1%} of reports, "
                     f"{c['above_threshold_accuracy']:.1%} right")
    width = max((len(label) for label in ev.labels), default=8)
    lines.append("")
    lines.append(f"{'category':<{width}}  precision  recall     F1  support")
    for label, s in ev.per_class.items():
        lines.append(f"{label:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}  "
                     f"{s.support:7d}")
    if ev.confusion:
        lines.append("")
        lines.append("confusion matrix (rows: true, columns: predicted, in the order above)")
        for label, row in zip(ev.labels, ev.confusion, strict=True):
            lines.append(f"{label:<{width}}  " + " ".join(f"{n:3d}" for n in row))
    mistakes = ev.confusions()
    if mistakes:
        lines.append("")
        lines.append("most frequent mistakes (true -> predicted):")
        lines += [f"  {t} -> {p}: {n}" for t, p, n in mistakes]
    return "\n".join(lines)
