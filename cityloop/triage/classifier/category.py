"""The category classifier: character n-grams, a linear SVM, calibrated by temperature.

- Features: TF-IDF of character n-grams inside word boundaries
  (``analyzer="char_wb"``, n = 1–5, sublinear tf, n-grams seen in at least
  two reports) of the normalised text (``triage.classifier.text.normalise``). Chinese
  needs no segmenter: its single characters and pairs carry the meaning.
- Model: one-vs-rest ``LinearSVC`` (C = 0.5). On the seed corpus, 5-fold
  cross-validation put ``char_wb`` 1–5 at macro-F1 0.884 and every C from
  0.3 to 2 within 0.002 of it; n-grams from 2 up lost 3 points, so single
  characters matter.
- Confidence: the SVM's scores for each class, divided by a temperature and
  passed through softmax. The temperature is fitted (maximum likelihood) on
  out-of-fold scores of the cross-validation that also gives the model's
  metrics, so it costs no extra training. Sigmoid (Platt) calibration per
  class was measured as well and was under-confident (expected calibration
  error 0.10 against 0.02), which would make ``CITYLOOP_TRIAGE_CONFIDENCE``
  refuse good answers.

A model is saved as plain files that need no unpickling: the vocabulary as
JSON, the weights as a NumPy archive read with ``allow_pickle=False``.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse
from scipy.special import log_softmax, softmax

from cityloop.triage.classifier.text import normalise

# scikit-learn takes seconds to import and every cityloop process loads this
# module (the triage provider registers at start-up); it is imported where a
# model is built, so `cityloop migrate`, the workers and ingest start quickly.
if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

VOCABULARY_FILE = "vocabulary.json"
WEIGHTS_FILE = "weights.npz"


@dataclass(frozen=True)
class Params:
    analyzer: str = "char_wb"
    ngram_min: int = 1
    ngram_max: int = 5
    min_df: int = 2
    c: float = 0.5
    folds: int = 5
    seed: int = 0

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Params:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def vectoriser(params: Params, vocabulary: dict[str, int] | None = None) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer=params.analyzer,
        ngram_range=(params.ngram_min, params.ngram_max),
        min_df=params.min_df if vocabulary is None else 1,
        sublinear_tf=True,
        preprocessor=normalise,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


@dataclass(frozen=True)
class Vector:
    """One text's TF-IDF vector (its non-zero entries) and the share of its
    trigrams (bigrams outside ASCII, as a Chinese character carries more than
    a Latin letter) that are in the vocabulary."""

    indices: np.ndarray
    values: np.ndarray
    coverage: float


class Classifier:
    def __init__(self, vec: TfidfVectorizer, coef: np.ndarray, intercept: np.ndarray,
                 classes: Sequence[str], temperature: float, params: Params):
        self.vectoriser = vec
        self.coef_t = np.ascontiguousarray(coef.T, dtype=np.float32)  # features × classes
        self.intercept = intercept.astype(np.float32)
        self.classes = list(classes)
        self.temperature = float(temperature)
        self.params = params
        # The letters the model knows: what ``text.readability`` checks a
        # report against before trusting an answer.
        self._analyse = vec.build_analyzer()
        self._idf = np.asarray(vec.idf_, dtype=np.float64)
        self.alphabet = frozenset(
            term for term in vec.vocabulary_
            if len(term) == 1 and unicodedata.category(term).startswith("L")
        )

    def vector(self, normalised: str) -> Vector:
        """The TF-IDF vector of one text, as ``features`` computes it, without its overhead.

        The same analyzer (so the same normalisation and n-grams) as in
        training; weighting as ``TfidfVectorizer(sublinear_tf=True)``: 1 + log(tf),
        times idf, L2-normalised. sklearn's input validation costs three times
        the arithmetic for a single short text, so the hot path does it here;
        a test checks both give the same vector.
        """
        counts = Counter(self._analyse(normalised))
        vocab = self.vectoriser.vocabulary_
        pairs = [(vocab[g], n) for g, n in counts.items() if g in vocab]
        if pairs:
            idx = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
            tf = np.fromiter((n for _, n in pairs), dtype=np.float64, count=len(pairs))
            values = (np.log(tf) + 1.0) * self._idf[idx]
            values /= np.sqrt(values @ values)
        else:
            idx, values = np.zeros(0, dtype=np.intp), np.zeros(0)
        longer = [g for g in counts if " " not in g and len(g) == (3 if g.isascii() else 2)]
        coverage = (sum(1 for g in longer if g in vocab) / len(longer)) if longer else 1.0
        return Vector(idx, values.astype(np.float32), coverage)

    def vector_scores(self, vec: Vector) -> np.ndarray:
        return np.asarray(vec.values @ self.coef_t[vec.indices]) + self.intercept

    def as_row(self, vec: Vector) -> sparse.csr_matrix:
        order = np.argsort(vec.indices)
        return sparse.csr_matrix((vec.values[order], vec.indices[order], [0, len(order)]),
                                 shape=(1, self.coef_t.shape[0]))

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectoriser.transform(texts)

    def scores(self, features: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(features @ self.coef_t) + self.intercept

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        return softmax(self.scores(self.features(texts)) / self.temperature, axis=1)

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.classes[i] for i in self.proba(texts).argmax(axis=1)]

    # -- files -------------------------------------------------------------

    def save(self, directory: Path, extra: dict[str, np.ndarray] | None = None) -> dict[str, Any]:
        """Write the vocabulary and weights; return what the manifest records."""
        vocab = self.vectoriser.vocabulary_
        terms = [""] * len(vocab)
        for term, index in vocab.items():
            terms[index] = term
        (directory / VOCABULARY_FILE).write_text(json.dumps(terms, ensure_ascii=False))
        arrays = {"idf": self.vectoriser.idf_.astype(np.float64), "coef": self.coef_t.T,
                  "intercept": self.intercept, **(extra or {})}
        np.savez_compressed(directory / WEIGHTS_FILE, **arrays)
        return {"classes": self.classes, "temperature": self.temperature,
                "params": self.params.as_json(), "features": len(terms)}

    @classmethod
    def load(cls, directory: Path, manifest: dict[str, Any]) -> tuple[Classifier,
                                                                       dict[str, np.ndarray]]:
        """Read a model written by ``save``; also return the other arrays saved with it."""
        terms = json.loads((directory / VOCABULARY_FILE).read_text())
        params = Params.from_json(manifest["params"])
        vec = vectoriser(params, {term: i for i, term in enumerate(terms)})
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        vec.idf_ = arrays.pop("idf")
        model = cls(vec, arrays.pop("coef"), arrays.pop("intercept"), manifest["classes"],
                    manifest["temperature"], params)
        return model, arrays


def fit(texts: Sequence[str], labels: Sequence[str], weights: Sequence[float],
        params: Params, temperature: float = 1.0) -> Classifier:
    vec = vectoriser(params)
    features = vec.fit_transform(texts)
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=params.c, max_iter=5000, random_state=params.seed)
    svm.fit(features, np.asarray(labels), sample_weight=np.asarray(weights, dtype=float))
    coef, intercept = svm.coef_, svm.intercept_
    if len(svm.classes_) == 2:  # a binary SVM keeps one row: the second class's score
        coef = np.vstack([-coef, coef])
        intercept = np.array([-intercept[0], intercept[0]])
    return Classifier(vec, coef, intercept, [str(c) for c in svm.classes_], temperature, params)


def out_of_fold_scores(
    texts: Sequence[str], labels: Sequence[str], weights: Sequence[float], params: Params,
    always: tuple[Sequence[str], Sequence[str]] = ((), ()),
) -> tuple[np.ndarray, list[str]]:
    """Each example's class scores from a model that did not see it (stratified k-fold).

    ``always``: texts and labels added to every fold's training part, never scored.
    """
    y = np.asarray(labels)
    classes = sorted(set(labels))
    out = np.zeros((len(texts), len(classes)), dtype=np.float64)
    from sklearn.model_selection import StratifiedKFold

    folds = StratifiedKFold(params.folds, shuffle=True, random_state=params.seed)
    w = np.asarray(weights, dtype=float)
    extra_texts, extra_labels = list(always[0]), list(always[1])
    for train, test in folds.split(np.zeros(len(y)), y):
        model = fit([texts[i] for i in train] + extra_texts, [*y[train], *extra_labels],
                    [*w[train], *([1.0] * len(extra_texts))], params)
        scores = model.scores(model.features([texts[i] for i in test]))
        known = [(i, model.classes.index(c)) for i, c in enumerate(classes)
                 if c in model.classes]
        out[test] = scores.min() - 10.0  # a class this fold never learnt: never chosen
        for i, j in known:
            out[test, i] = scores[:, j]
    return out, classes


def fit_temperature(scores: np.ndarray, targets: np.ndarray) -> float:
    """The temperature that makes softmax(scores / T) most likely to give ``targets``."""
    rows = np.arange(len(targets))

    def nll(log_t: float) -> float:
        return float(-log_softmax(scores / np.exp(log_t), axis=1)[rows, targets].mean())

    from scipy.optimize import minimize_scalar  # training only; see the imports above

    found = minimize_scalar(nll, bounds=(-6.0, 3.0), method="bounded")
    return float(np.exp(found.x))
