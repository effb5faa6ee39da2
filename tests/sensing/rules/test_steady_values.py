"""New data on pairs whose level stays: their values recorded by one statement for the batch,
and a pair whose level another worker changed meanwhile evaluated again under the lock."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityloop.sensing import evaluation
from cityloop.sensing.rules.models import Alert, RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, minute, observe, record


def test_it_records_the_values_of_every_steady_pair_in_one_statement(city):
    streams = [make_stream(f"Level {n}") for n in range(3)]
    for n, stream in enumerate(streams):
        make_rule(stream, code=f"level-{n}")
        observe(stream, minute(0), 1.0)  # first evaluation: the state is made, under the lock
    for n, stream in enumerate(streams):
        record(stream, minute(1), 1.5 + n / 2)
    with CaptureQueriesContext(connection) as queries:
        evaluation.after_ingest({s.pk for s in streams}, minute(1))
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert len(writes) == 1
    assert list(RuleState.objects.order_by("last_value")
                .values_list("last_value", flat=True)) == [1.5, 2.0, 2.5]
    assert set(RuleState.objects.values_list("last_evaluated", flat=True)) == {minute(1)}
    assert set(RuleState.objects.values_list("level", flat=True)) == {""}


def test_it_tracks_the_peak_of_a_raised_pair_that_stays(city):
    stream = make_stream()
    rule = make_rule(stream)
    observe(stream, minute(0), 3.2)  # yellow: an alert
    observe(stream, minute(1), 3.4)  # still yellow, a higher value
    observe(stream, minute(2), 3.3)
    alert = Alert.objects.get(rule=rule)
    assert alert.peak == 3.4
    assert RuleState.objects.get(rule=rule).last_value == 3.3


def test_a_pair_changed_meanwhile_is_evaluated_again_under_the_lock(city):
    stream = make_stream()
    rule = make_rule(stream)
    observe(stream, minute(0), 1.0)
    state = RuleState.objects.get(rule=rule)
    record(stream, minute(1), 3.2)
    # Read as normal and measured as normal... while another worker raised it meanwhile.
    steady = {state.pk: evaluation._Steady(rule, stream.pk, "", 1.0, None, minute(1))}
    RuleState.objects.filter(pk=state.pk).update(level="red")
    changed = evaluation._settle(steady)
    state.refresh_from_db()
    assert changed == 1  # the locked evaluation saw red and measured yellow
    assert (state.level, state.last_value) == ("yellow", 3.2)
