"""The window kind: an aggregate of the rollups over the last N minutes."""

from __future__ import annotations

from cityloop.sensing.rules.models import RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, minute, observe, record, series


def test_it_sums_an_hour_of_rainfall(city):
    gauge = make_stream("Rainfall", thing="Gulou rain gauge", prop="Precipitation",
                        symbol="mm")
    rule = make_rule(gauge, code="rain-1h", kind="window",
                     params={"minutes": 60, "aggregate": "sum"},
                     yellow=30.0, orange=50.0, red=70.0, hysteresis=0.0)
    series(gauge, 0, [0.5] * 50)  # 25 mm in 50 minutes
    state = RuleState.objects.get(rule=rule)
    assert state.level == ""
    assert state.last_value == 25.0
    series(gauge, 50, [1.0] * 10)  # 35 mm in the last hour
    state.refresh_from_db()
    assert (state.level, state.last_value) == ("yellow", 35.0)


def test_it_lets_old_rain_drop_out_of_the_window(city):
    gauge = make_stream("Rainfall", thing="Gulou rain gauge", prop="Precipitation",
                        symbol="mm")
    rule = make_rule(gauge, code="rain-1h", kind="window",
                     params={"minutes": 60, "aggregate": "sum"},
                     yellow=30.0, orange=50.0, red=70.0, hysteresis=0.0)
    series(gauge, 0, [6.0] * 10)  # a 60 mm burst
    assert RuleState.objects.get(rule=rule).level == "orange"
    series(gauge, 69, [0.0])  # an hour after its last minute the burst is out of the window
    state = RuleState.objects.get(rule=rule)
    assert (state.level, state.last_value) == ("", 0.0)


def test_it_compares_a_24_hour_mean_with_a_water_quality_class_limit(city):
    # GB 3838-2002: ammonia nitrogen at most 1.0 mg/L for class III water,
    # 1.5 for class IV, 2.0 for class V.
    probe = make_stream("Ammonia nitrogen", thing="Beihu outlet probe",
                        prop="Ammonia nitrogen", symbol="mg/L")
    rule = make_rule(probe, code="nh3n-24h", kind="window",
                     params={"minutes": 1440, "aggregate": "mean"},
                     yellow=1.0, orange=1.5, red=2.0, hysteresis=0.05,
                     category_id=_category("water_pollution"),
                     answers={"signs": ["smell"]})
    for hour in range(23):
        record(probe, minute(hour * 60), 0.8)
    observe(probe, minute(23 * 60), 0.9)
    assert RuleState.objects.get(rule=rule).level == ""
    observe(probe, minute(23 * 60 + 30), 6.0)  # one bad half hour lifts the daily mean
    state = RuleState.objects.get(rule=rule)
    assert state.level == "yellow"
    assert state.last_value is not None
    assert round(state.last_value, 3) == round((0.8 * 23 + 0.9 + 6.0) / 25, 3)


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
