"""After commit, ingest tells its listeners; it evaluates no rule (the worker does, from
the rule queue)."""

from __future__ import annotations

import pytest

from cityloop.sensing import evaluation
from cityloop.sensing.ingest import ingest, store
from tests.sensing.ingest.helpers import at, obs


@pytest.fixture
def heard(monkeypatch):
    calls: list[tuple[list[int], int]] = []
    monkeypatch.setattr(store, "_listeners", [lambda ids, rows: calls.append((ids, len(rows)))])
    return calls


@pytest.fixture
def no_evaluation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("ingest evaluated rules")

    monkeypatch.setattr(evaluation, "evaluate_queued", refuse)
    monkeypatch.setattr(evaluation, "after_ingest", refuse)


def test_it_tells_the_listeners_once_per_batch_after_commit(
        network, heard, no_evaluation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = ingest([obs(network.level, at(0), 1.0), obs(network.flow, at(0), 2.0),
                         obs(network.level, at(1), 3.0)], received_at=at(2))
        assert heard == []  # nothing before the commit
    assert len(callbacks) >= 1
    assert heard == [(result.ids, 3)]


def test_it_tells_nothing_when_nothing_was_stored(network, heard,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest([obs(999999, at(0), 1.0)])
    assert heard == []
