"""The rate kind: how fast the per-minute mean changes."""

from __future__ import annotations

from cityloop.sensing.rules.models import RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, series


def test_it_alerts_on_a_river_rising_fast_while_still_below_any_level(city):
    stream = make_stream()
    rule = make_rule(stream, code="river-rise", kind="rate",
                     params={"minutes": 30, "per": "hour"},
                     yellow=0.3, orange=0.5, red=1.0, hysteresis=0.05)
    series(stream, 0, [2.0 + 0.002 * i for i in range(30)])  # 0.12 m an hour
    assert RuleState.objects.get(rule=rule).level == ""
    series(stream, 30, [2.06 + 0.01 * i for i in range(30)])  # 0.6 m an hour
    state = RuleState.objects.get(rule=rule)
    assert state.level == "orange"
    assert state.last_value is not None and 0.5 <= state.last_value <= 0.7


def test_it_alerts_on_a_pressure_drop_per_minute(city):
    main = make_stream("Pressure", thing="Shuijing pumping main", prop="Water pressure",
                       symbol="MPa")
    rule = make_rule(main, code="pressure-drop", kind="rate", direction="below",
                     params={"minutes": 5, "per": "minute"},
                     yellow=-0.01, orange=-0.02, red=-0.05, hysteresis=0.0,
                     category_id=_category("water_leak"), answers={"location": "street_main"})
    series(main, 0, [0.35, 0.35, 0.35, 0.35, 0.35, 0.35])
    assert RuleState.objects.get(rule=rule).level == ""
    series(main, 6, [0.30, 0.22, 0.12])
    assert RuleState.objects.get(rule=rule).level == "red"


def test_it_waits_for_two_minutes_of_data(city):
    stream = make_stream()
    rule = make_rule(stream, code="river-rise", kind="rate", params={"minutes": 30},
                     yellow=0.3)
    series(stream, 0, [9.0])
    state = RuleState.objects.get(rule=rule)
    assert (state.level, state.last_value) == ("", None)


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
