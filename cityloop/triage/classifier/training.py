"""Train a new model version: cross-validate, calibrate, fit, store, activate.

One stratified k-fold pass over the examples gives every example a score
from a model that did not see it. Those out-of-fold scores give the
version's metrics *and* the temperature that calibrates its confidence;
then one model is fitted on everything. Catalogue lines are always in the
training part and never scored (they are names and keywords, not reports).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.utils import timezone
from scipy.special import softmax
from sklearn.model_selection import train_test_split

from cityloop.catalogue import snapshot
from cityloop.triage.classifier import category, corpus, evaluation, priority, store
from cityloop.triage.classifier.category import Classifier, Params
from cityloop.triage.classifier.corpus import Example
from cityloop.triage.classifier.text import normalise

Progress = Callable[[str], None]
DEFAULT_PARAMS = Params()


@dataclass
class Trained:
    classifier: Classifier
    priority: priority.PriorityModel | None
    cv: evaluation.Evaluation
    examples: list[Example]
    priority_labels: int


def gather(history: bool = True) -> list[Example]:
    """Seed corpus, catalogue lines and (unless ``history`` is false) the city's cases."""
    examples = corpus.seed() + corpus.catalogue()
    if history:
        examples += corpus.history()
    return examples


def fit_examples(examples: Sequence[Example], params: Params = DEFAULT_PARAMS,
                 priority_labels: Sequence[corpus.PriorityLabel] = (),
                 progress: Progress | None = None) -> Trained:
    examples = corpus.learnable(examples)
    scored = [e for e in examples if e.source != "catalogue"]
    fixed = [e for e in examples if e.source == "catalogue"]
    if len({e.category for e in scored}) < 2:
        raise ValueError("training needs reports of at least two categories")
    say = progress or (lambda line: None)
    say(f"cross-validating on {len(scored)} reports ({params.folds} folds)")
    scores, classes = category.out_of_fold_scores(
        [e.text for e in scored], [e.category for e in scored], [e.weight for e in scored],
        params, always=([e.text for e in fixed], [e.category for e in fixed]),
    )
    targets = np.array([classes.index(e.category) for e in scored])
    temperature = category.fit_temperature(scores, targets)
    proba = softmax(scores / temperature, axis=1)
    cv = evaluation.evaluate(
        [e.category for e in scored], [classes[i] for i in proba.argmax(axis=1)],
        proba.max(axis=1).tolist(), [e.lang or e.source for e in scored],
        threshold=settings.TRIAGE_CONFIDENCE, source=f"{params.folds}-fold cross-validation",
    )
    say(f"fitting the model on {len(examples)} examples")
    model = category.fit([e.text for e in examples], [e.category for e in examples],
                           [e.weight for e in examples], params, temperature)
    return Trained(model, _priority_model(model, priority_labels), cv, list(examples),
                   len(priority_labels))


def _priority_model(model: Classifier,
                    labels: Sequence[corpus.PriorityLabel]) -> priority.PriorityModel | None:
    if len(labels) < priority.MIN_LABELS:
        return None
    categories = snapshot.current().categories
    defaults = [str(categories[lb.category].default_priority) if lb.category in categories
                else "normal" for lb in labels]
    rules = [priority.by_rules(normalise(lb.text), d).priority
             for lb, d in zip(labels, defaults, strict=True)]
    return priority.train_model(model.features([lb.text for lb in labels]), defaults, rules,
                                [lb.priority for lb in labels])


def train(*, history: bool = True, activate: bool = True, params: Params = DEFAULT_PARAMS,
          examples: Sequence[Example] | None = None, now: datetime | None = None,
          progress: Progress | None = None) -> tuple[store.TriageModel, Trained]:
    """Train, store and (by default) activate a new version; return its row."""
    now = now or timezone.now()
    examples = list(examples) if examples is not None else gather(history)
    labels = list(corpus.priority_labels()) if history else []
    trained = fit_examples(examples, params, labels, progress)
    manifest = {
        "examples": len(trained.examples),
        "training_counts": corpus.counts(trained.examples),
        "history": history,
        "metrics": trained.cv.summary(),
        "priority_labels": trained.priority_labels,
    }
    row = store.save(trained.classifier, trained.priority, manifest, now)
    if activate:
        store.activate(row.version)
        row.refresh_from_db()
    return row, trained


def split(examples: Sequence[Example], test_share: float = 0.2,
          seed: int = 0) -> tuple[list[Example], list[Example]]:
    """A stratified train/test split with a fixed seed; catalogue lines stay in training."""
    examples = corpus.learnable(examples)
    scored = [e for e in examples if e.source != "catalogue"]
    fixed = [e for e in examples if e.source == "catalogue"]
    train_part, test_part = train_test_split(
        scored, test_size=test_share, random_state=seed,
        stratify=[e.category for e in scored],
    )
    return list(train_part) + fixed, list(test_part)


def ensure_model(progress: Progress | None = None) -> str:
    """The active version; trains one first (seed corpus, catalogue, history) when none is.

    ``cityloop demo`` calls this after building its history, so the demo
    city suggests categories with the trained model from the start.
    """
    current = store.TriageModel.objects.filter(active=True).values_list("version", flat=True)
    version = current.first()
    if version is not None and store.active() is not None:
        return str(version)
    row, _ = train(history=True, activate=True, progress=progress)
    return row.version
