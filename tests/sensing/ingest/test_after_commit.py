"""After commit, the rules look at the datastreams that received observations."""

from __future__ import annotations

import pytest

from cityloop.sensing import evaluation
from cityloop.sensing.ingest import ingest
from tests.sensing.ingest.helpers import at, obs


@pytest.fixture
def evaluated(monkeypatch):
    calls = []
    monkeypatch.setattr(evaluation, "after_ingest", lambda ids, when: calls.append((ids, when)))
    return calls


def test_it_asks_the_rules_once_per_batch_after_commit(network, evaluated,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ingest([obs(network.level, at(0), 1.0), obs(network.flow, at(0), 2.0),
                obs(network.level, at(1), 3.0)], received_at=at(2))
        assert evaluated == []  # nothing before the commit
    assert len(callbacks) >= 1
    assert evaluated == [({network.level.pk, network.flow.pk}, at(2))]


def test_it_asks_nothing_when_nothing_was_stored(network, evaluated,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest([obs(999999, at(0), 1.0)])
    assert evaluated == []
