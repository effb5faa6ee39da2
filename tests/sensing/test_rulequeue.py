"""The rule queue: what ingest queues, how it coalesces, claims, leases and finishes
(on SQLite and PostgreSQL; two connections at once in test_rulequeue_postgres.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.sensing import evaluation, rulequeue
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import parse_observation
from cityloop.sensing.rules.models import RuleState, RuleWork
from tests.fakes.fixtures import fast_passwords  # noqa: F401
from tests.sensing.rules.helpers import make_rule, make_stream, minute


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_passwords: None) -> None:  # noqa: F811
    """Personas hash a password; a cheap hasher keeps the suite fast."""


def send(stream, n: float, value: float, received: float | None = None) -> None:
    observation = parse_observation({"phenomenonTime": minute(n).isoformat(), "result": value},
                                    datastream_id=stream.pk)
    assert ingest([observation], received_at=minute(n if received is None else received)
                  ).errors == []


def queued() -> dict[int, tuple[object, int]]:
    return {ds: (at, version) for ds, at, version in
            RuleWork.objects.values_list("datastream_id", "received_at", "version")}


def test_it_queues_only_the_datastreams_a_rule_watches(city):
    watched = make_stream("River level")
    unwatched = make_stream("Water temperature", prop="Water temperature", symbol="°C")
    rain = make_stream("Rain", thing="Rain gauge", prop="Rainfall", symbol="mm")
    make_rule(watched)
    make_rule(None, code="rain", observed_property=rain.observed_property)  # by property
    for stream in (watched, unwatched, rain):
        send(stream, 0, 1.0)
    assert queued() == {watched.pk: (minute(0), 1), rain.pk: (minute(0), 1)}


def test_it_queues_nothing_without_rules(city):
    stream = make_stream()
    send(stream, 0, 5.0)
    assert queued() == {}


def test_a_rolled_back_ingest_queues_nothing(city):
    stream = make_stream()
    make_rule(stream)
    with pytest.raises(RuntimeError), transaction.atomic():
        send(stream, 0, 5.0)
        assert stream.pk in queued()  # in the ingest's own transaction
        raise RuntimeError("the caller's transaction fails")
    assert queued() == {}


def test_a_burst_is_one_row_and_one_evaluation(city, monkeypatch):
    stream = make_stream()
    make_rule(stream)
    for n, received in [(0, 1), (1, 3), (2, 2)]:  # the latest receipt is kept
        send(stream, n, 3.1, received)
    assert queued() == {stream.pk: (minute(3), 3)}
    calls = []
    real = evaluation.evaluate_queued

    def counted(received):
        calls.append(dict(received))
        return real(received)

    monkeypatch.setattr(evaluation, "evaluate_queued", counted)
    assert rulequeue.drain() == 1
    assert calls == [{stream.pk: minute(3)}]
    assert queued() == {}
    assert RuleState.objects.get().level == "yellow"


def test_data_arriving_during_an_evaluation_is_evaluated_too(city, monkeypatch):
    stream = make_stream()
    make_rule(stream)
    send(stream, 0, 2.0)
    real = evaluation.evaluate_queued
    seen: list[str] = []

    def evaluate_while_ingest_goes_on(received):
        changed = real(received)
        seen.append(RuleState.objects.get().level)
        if len(seen) == 1:  # ingest commits while the worker holds its claim
            send(stream, 1, 4.2)
        return changed

    monkeypatch.setattr(evaluation, "evaluate_queued", evaluate_while_ingest_goes_on)
    assert rulequeue.drain() == 2  # the row stayed: the next pass took it
    assert seen == ["", "red"]
    assert queued() == {}
    assert Case.objects.get().priority == "urgent"


def test_finish_keeps_a_row_ingest_bumped_and_releases_it(city):
    stream, other = make_stream(), make_stream("Flow", prop="Flow", symbol="m³/s")
    make_rule(stream)
    make_rule(other, code="flow")
    send(stream, 0, 1.0)
    send(other, 0, 1.0)
    claimed = rulequeue.claim("worker-1")
    assert {c.datastream_id for c in claimed} == {stream.pk, other.pk}
    send(stream, 1, 1.5)
    assert rulequeue.finish(claimed, "worker-1") == 1
    row = RuleWork.objects.get()
    assert (row.datastream_id, row.version, row.claimed_by, row.claimed_until) == (
        stream.pk, 2, "", None)
    assert [c.datastream_id for c in rulequeue.claim("worker-2")] == [stream.pk]


def test_a_claim_is_a_lease(city):
    stream = make_stream()
    make_rule(stream)
    send(stream, 0, 1.0)
    assert [c.version for c in rulequeue.claim("worker-1")] == [1]
    assert rulequeue.claim("worker-2") == []
    assert not rulequeue.pending()
    assert rulequeue.drain("worker-2") == 0
    # worker-1 died: once its lease has run out, the datastream is anyone's again.
    RuleWork.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    assert rulequeue.pending()
    assert rulequeue.drain("worker-2") == 1
    assert queued() == {}


def test_it_evaluates_each_datastream_at_its_own_moment(city):
    early, late = make_stream(), make_stream("Flow", prop="Flow", symbol="m³/s")
    make_rule(early)
    make_rule(late, code="flow")
    send(early, 0, 3.2)
    send(late, 30, 3.2)
    assert rulequeue.drain() == 2
    times = dict(RuleState.objects.values_list("datastream_id", "since"))
    assert times == {early.pk: minute(0), late.pk: minute(30)}
