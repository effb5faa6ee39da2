"""Fixtures of the classifier tests (defined in fixtures.py)."""

from tests.triage.classifier.fixtures import (  # noqa: F401
    active_model,
    small_corpus,
    small_trained,
)
