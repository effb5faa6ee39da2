"""Each source of vital signs: sensor aggregates, case statistics, manual values."""

from __future__ import annotations

from datetime import datetime, timedelta

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.sensing.indicators.compute import compute, compute_due, record
from cityloop.sensing.indicators.models import Indicator, IndicatorValue
from cityloop.sensing.indicators.sources import CaseStatistic, DatastreamAggregate
from cityloop.worker.jobs import run_due_jobs
from tests.sensing.indicators.helpers import make_indicator
from tests.sensing.rules.helpers import make_stream, minute
from tests.sensing.rules.helpers import record as observe


def computed(indicator: Indicator, at: datetime) -> IndicatorValue:
    """``compute`` where the indicator has data, so a value is expected."""
    value = compute(indicator, at)
    assert value is not None
    return value

DAY = timedelta(days=1)


def test_it_averages_a_property_over_every_datastream(city):
    gulou = make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    port = make_stream("PM2.5", thing="Gangkou air station", prop="PM2.5", symbol="µg/m³")
    for i in range(10):
        observe(gulou, minute(i), 20.0)
        observe(port, minute(i), 60.0)
    indicator = make_indicator()
    value = computed(indicator, minute(10))
    assert (value.value, value.band) == (40.0, "amber")
    assert value.detail == {"datastreams": [gulou.pk, port.pk], "with_data": 2}


def test_it_aggregates_one_datastream_by_id(city):
    gauge = make_stream("Rainfall", thing="Gulou rain gauge", prop="Precipitation",
                        symbol="mm")
    for i in range(30):
        observe(gauge, minute(i), 1.5)
    indicator = make_indicator(code="rain-hour", params={
        "datastream": gauge.pk, "aggregate": "sum", "minutes": 60}, green=None, amber=None)
    assert computed(indicator, minute(30)).value == 45.0


def test_it_computes_the_median_hours_to_resolve_flooding(city, make_case):
    now = minute(0) + 10 * DAY
    for hours in (2, 4, 9):
        case = make_case(service_code="flooding", attributes={"traffic_blocked": "no"},
                         now=minute(0))
        lifecycle.transition(case, "resolve", Actor.system(), now=minute(0) + timedelta(
            hours=hours))
    make_case(now=minute(0))  # a pothole: not counted
    indicator = make_indicator(code="flood-hours", source="cases", unit="h", params={
        "statistic": "median_hours_to_resolve", "categories": ["flooding"], "days": 30},
        green=4.0, amber=8.0)
    value = computed(indicator, now)
    assert (value.value, value.band, value.detail) == (4.0, "green", {"cases": 3})


def test_it_computes_the_share_resolved_on_time(city, make_case):
    # Potholes are due in 72 hours: one of the two is resolved late.
    for hours in (10, 100):
        case = make_case(now=minute(0))
        lifecycle.transition(case, "resolve", Actor.system(), now=minute(0) + timedelta(
            hours=hours))
    indicator = make_indicator(code="pothole-on-time", source="cases", unit="%", params={
        "statistic": "share_resolved_on_time", "categories": ["pothole"], "days": 30},
        better="higher", green=90.0, amber=75.0)
    value = computed(indicator, minute(0) + 10 * DAY)
    assert (value.value, value.band) == (50.0, "red")


def test_it_counts_open_cases(city, make_case):
    make_case(now=minute(0))
    make_case(now=minute(0))
    indicator = make_indicator(code="open", source="cases", unit="", params={
        "statistic": "open_cases"}, green=None, amber=None)
    assert computed(indicator, minute(1)).value == 2.0


def test_it_leaves_manual_values_to_people(city):
    indicator = make_indicator(code="green-space", source="manual", params={},
                               unit="m²/person", better="higher", green=12.0, amber=9.0)
    record(indicator, 10.5, minute(0), note="Parks survey 2030")
    assert compute(indicator, minute(1)) is None
    assert list(IndicatorValue.objects.values_list("value", "band")) == [(10.5, "amber")]


def test_it_computes_each_indicator_on_its_own_schedule(city):
    make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    hourly = make_indicator(every_minutes=60)
    make_indicator(code="pm25-daily-2", every_minutes=1440)
    assert compute_due(minute(0)) == "2 indicators computed, 0 failed"
    assert compute_due(minute(30)) == "0 indicators computed, 0 failed"
    assert compute_due(minute(61)) == "1 indicators computed, 0 failed"
    assert hourly.values.count() == 2


def test_it_runs_as_a_periodic_job_of_the_worker(city):
    make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    make_indicator()
    assert "vital_signs" in run_due_jobs("test-worker", now=minute(0))
    assert IndicatorValue.objects.count() == 1


def test_it_checks_the_parameters_of_each_source(city):
    assert DatastreamAggregate.validate({"observed_property": "Nothing", "aggregate": "mode",
                                         "minutes": 0})
    assert CaseStatistic.validate({"statistic": "open_cases", "categories": ["nope"]}) == [
        "no category nope"]
    assert CaseStatistic.validate({"statistic": "cases_opened", "days": 7}) == []
