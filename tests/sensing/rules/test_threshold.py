"""The threshold kind: the latest value against the levels, without flapping."""

from __future__ import annotations

from cityloop.cases.models import Case
from cityloop.sensing.rules.models import Alert, RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, series


def test_it_raises_the_level_the_latest_value_reaches(city):
    stream = make_stream()
    rule = make_rule(stream)
    series(stream, 0, [2.0, 2.5, 3.1])
    state = RuleState.objects.get(rule=rule, datastream=stream)
    assert state.level == "yellow"
    assert state.last_value == 3.1
    series(stream, 3, [4.2])
    state.refresh_from_db()
    assert state.level == "red"


def test_it_does_not_flap_when_the_value_hovers_around_a_threshold(city):
    stream = make_stream()
    rule = make_rule(stream, hysteresis=0.2)
    series(stream, 0, [2.9, 3.05, 2.95, 3.02, 2.85, 3.1, 2.9, 3.0])
    assert Alert.objects.filter(rule=rule).count() == 1
    assert Case.objects.count() == 1
    assert RuleState.objects.get(rule=rule).level == "yellow"
    series(stream, 8, [2.7])
    alert = Alert.objects.get(rule=rule)
    assert alert.ended_at is not None
    assert alert.peak == 3.1


def test_it_flaps_without_hysteresis_but_still_opens_one_case(city):
    stream = make_stream()
    rule = make_rule(stream, hysteresis=0.0)
    series(stream, 0, [3.05, 2.95, 3.05, 2.95])
    assert Alert.objects.filter(rule=rule).count() == 2
    assert Case.objects.count() == 1
