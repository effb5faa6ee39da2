"""Fixtures of the classifier tests: a small corpus, a model trained on it once per
session, and that model stored and made active in a test's database."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from cityloop.triage.classifier import corpus, store, training
from cityloop.triage.classifier.category import Params
from cityloop.triage.classifier.corpus import Example
from cityloop.triage.classifier.store import LoadedModel
from cityloop.triage.classifier.training import Trained

# Three folds on a quarter of the seed corpus: a second or two, not ten.
SMALL = Params(folds=3)


@pytest.fixture(scope="session")
def small_corpus() -> list[Example]:
    """Every fourth seed report of each category (about 1,260, both languages)."""
    by_class: dict[str, list[Example]] = defaultdict(list)
    for example in corpus.seed():
        by_class[example.category].append(example)
    return [e for examples in by_class.values() for e in examples[::4]]


@pytest.fixture(scope="session")
def small_trained(small_corpus: list[Example]) -> Trained:
    return training.fit_examples(small_corpus, SMALL)


def store_and_activate(trained: Trained) -> LoadedModel:
    row = store.save(trained.classifier, trained.priority,
                     {"examples": len(trained.examples), "metrics": trained.cv.summary()},
                     timezone.now())
    store.activate(row.version)
    loaded = store.active()
    assert loaded is not None and loaded.version == row.version
    return loaded


@pytest.fixture
def active_model(city: object, small_trained: Trained, settings: Settings
                 ) -> LoadedModel:
    """The small model, stored under the data directory and active; ``CITYLOOP_TRIAGE=model``."""
    settings.TRIAGE_PROVIDER = "model"
    return store_and_activate(small_trained)


def active_version() -> str | None:
    """The version of the active model, None when no model is active."""
    loaded = store.active()
    return loaded.version if loaded is not None else None
