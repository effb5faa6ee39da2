"""Observation received → rollups → rule queue → rule → case written and notification
queued, through the real ingest path (on SQLite and on PostgreSQL); the tests drain the
rule queue where the worker would."""

from __future__ import annotations

from cityloop.cases.models import Case, CaseEvent
from cityloop.notify.models import Message, NotificationChannel
from cityloop.sensing import rulequeue
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationIn, parse_data_array, parse_observation
from cityloop.sensing.rules.models import Alert, RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, minute


def observation(stream, n: float, value: float):
    return parse_observation({"phenomenonTime": minute(n).isoformat(), "result": value},
                             datastream_id=stream.pk)


def test_it_opens_a_case_and_queues_its_messages_as_the_data_arrives(
        city, django_capture_on_commit_callbacks):
    ops = NotificationChannel.objects.create(name="Operations centre", kind="webhook",
                                             target="https://ops.city.example/hook", events=[])
    stream = make_stream()
    make_rule(stream, channels=[ops])
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest([observation(stream, 0, 2.5), observation(stream, 1, 3.3)],
                        received_at=minute(1))
    assert result.errors == []
    assert Case.objects.count() == 0  # ingest evaluated nothing: the worker will
    assert rulequeue.drain() == 1
    case = Case.objects.get()
    assert (case.channel, case.priority) == ("sensor", "normal")
    assert Message.objects.filter(case=case, channel=ops, kind="new_case").count() == 1
    assert RuleState.objects.get().last_value == 3.3


def test_it_escalates_and_recovers_as_batches_arrive(city, django_capture_on_commit_callbacks):
    stream = make_stream()
    make_rule(stream)
    batches = [[3.1, 3.2], [3.7, 4.2], [3.9, 2.5]]
    for i, values in enumerate(batches):
        with django_capture_on_commit_callbacks(execute=True):
            ingest([observation(stream, 2 * i + j, v) for j, v in enumerate(values)],
                   received_at=minute(2 * i + 1))
        rulequeue.drain()
    case = Case.objects.get()
    assert case.priority == "urgent"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "create", "set_priority", "comment", "note"]
    alert = Alert.objects.get()
    assert (alert.highest_level, alert.ended_at) == ("red", minute(5))


def test_it_evaluates_a_create_observations_batch_once(city, django_capture_on_commit_callbacks):
    stream = make_stream()
    make_rule(stream)
    body = [{"Datastream": {"@iot.id": stream.pk}, "components": ["phenomenonTime", "result"],
             "dataArray": [[minute(i).isoformat(), 3.0 + i / 10] for i in range(6)]}]
    rows = parse_data_array(body)
    valid = [row for row in rows if isinstance(row, ObservationIn)]
    assert len(valid) == len(rows)  # every row is well formed
    with django_capture_on_commit_callbacks(execute=True):
        ingest(valid, received_at=minute(6))
    assert rulequeue.drain() == 1
    assert Case.objects.count() == 1
    assert RuleState.objects.get().level == "orange"
