"""The anomaly kind: the latest minute against the rolling median, in MADs."""

from __future__ import annotations

from cityloop.sensing.rules.models import RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, series

# A tilt meter's usual wobble around 0.50 degrees.
WOBBLE = [0.50, 0.52, 0.49, 0.51, 0.50, 0.48, 0.51, 0.50, 0.52, 0.49] * 3


def tilt_rule(stream, **fields):
    return make_rule(stream, code="tilt-anomaly", kind="anomaly",
                     params={"minutes": 60, "min_points": 20, **fields},
                     yellow=5.0, orange=10.0, red=20.0, hysteresis=1.0,
                     category_id=_category("dangerous_structure"),
                     answers={"what": "building"})


def test_it_stays_quiet_within_the_usual_wobble(city):
    stream = make_stream("Tilt", thing="Baita tower tilt meter", prop="Tilt", symbol="°")
    rule = tilt_rule(stream)
    series(stream, 0, [*WOBBLE, 0.53])
    state = RuleState.objects.get(rule=rule)
    assert state.level == ""
    assert state.last_value is not None and abs(state.last_value) < 5


def test_it_alerts_on_a_jump_far_outside_the_usual(city):
    stream = make_stream("Tilt", thing="Baita tower tilt meter", prop="Tilt", symbol="°")
    rule = tilt_rule(stream)
    series(stream, 0, [*WOBBLE, 0.62])  # 12 MADs of 0.01 above the median
    state = RuleState.objects.get(rule=rule)
    assert state.level == "orange"


def test_it_can_watch_one_side_only(city):
    stream = make_stream("Tilt", thing="Baita tower tilt meter", prop="Tilt", symbol="°")
    rule = tilt_rule(stream, side="above")
    series(stream, 0, [*WOBBLE, 0.20])
    assert RuleState.objects.get(rule=rule).level == ""


def test_it_waits_for_enough_data(city):
    stream = make_stream("Tilt", thing="Baita tower tilt meter", prop="Tilt", symbol="°")
    rule = tilt_rule(stream)
    series(stream, 0, [0.5, 0.5, 3.0])
    state = RuleState.objects.get(rule=rule)
    assert (state.level, state.last_value) == ("", None)


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
