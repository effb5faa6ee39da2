"""Fixtures of the classifier tests (defined in classifier_fixtures.py)."""

from tests.triage.classifier_fixtures import (  # noqa: F401
    active_model,
    small_corpus,
    small_trained,
)
