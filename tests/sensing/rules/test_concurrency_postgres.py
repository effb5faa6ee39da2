"""Ingest workers evaluating the same rule at the same moment, on PostgreSQL:
one case, one alert, and the state any single worker would have left."""

from __future__ import annotations

import pytest

from cityloop.cases.audit import verify_all
from cityloop.cases.models import Case, CaseEvent
from cityloop.sensing import evaluation
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import parse_observation
from cityloop.sensing.rules.models import Alert, RuleState
from tests.concurrency import at_once
from tests.sensing.rules.helpers import make_rule, make_stream, minute, record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]



def test_it_opens_one_case_when_workers_evaluate_at_once(city):
    stream = make_stream()
    rule = make_rule(stream)
    record(stream, minute(0), 3.7)
    assert at_once(8, lambda n: evaluation.after_ingest({stream.pk}, minute(0)),
                   timeout=120) == []
    case = Case.objects.get()
    assert case.priority == "high"
    assert Alert.objects.filter(rule=rule).count() == 1
    assert RuleState.objects.get(rule=rule).level == "orange"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "create"]
    assert list(verify_all()) == []


def test_it_ends_where_one_worker_would_as_data_arrives_in_parallel(city):
    stream = make_stream()
    rule = make_rule(stream)
    values = [2.0, 3.1, 3.6, 4.2, 3.9, 3.8, 4.4, 3.7]

    def observe(i: int, value: float) -> None:
        observation = parse_observation(
            {"phenomenonTime": minute(i).isoformat(), "result": value}, datastream_id=stream.pk)
        ingest([observation], received_at=minute(i))

    # A first batch alone: ingest.pg looks its table names up once, not thread-safely.
    observe(-1, 2.0)

    def ingest_worker(n: int) -> None:
        # Each worker ingests every eighth minute, as MQTT shared subscriptions
        # spread a device's messages; ingest() evaluates the rules after commit.
        for i in range(n, len(values) * 4, 8):
            observe(i, values[i % len(values)])

    assert at_once(8, ingest_worker, timeout=120) == []
    evaluation.after_ingest({stream.pk}, minute(40))
    state = RuleState.objects.get(rule=rule)
    # The latest observation is minute 31: 3.7 m, orange, whatever the interleaving.
    assert (state.level, state.last_value) == ("orange", 3.7)
    assert Case.objects.count() == 1
    assert list(verify_all()) == []
