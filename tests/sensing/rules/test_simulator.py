"""The demo's simulated sensor network: stations in the city, incidents that open cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cityloop.cases.models import Case
from cityloop.demo.city import build_city
from cityloop.demo.sensors.network import STATIONS, build_network
from cityloop.demo.sensors.simulator import Simulator, in_process, replay, run
from cityloop.geo.index import areas_at
from cityloop.sensing import evaluation, rulequeue
from cityloop.sensing.indicators.models import Indicator
from cityloop.sensing.models import Rollup
from cityloop.sensing.rules.models import Rule
from tests.sensing.rules.helpers import record

START = datetime(2030, 6, 1, 6, 0, tzinfo=UTC)


@pytest.fixture
def jiangcheng(db):
    build_city()  # areas, catalogue, departments and their mailboxes
    return build_network()


def publish(readings):
    """What ingest does with the readings, then the rules, as after a commit."""
    for ds, at, value in readings:
        record(ds, at, value)
    if readings:
        evaluation.after_ingest({ds for ds, _at, _v in readings}, readings[0][1])


def test_it_places_every_station_inside_the_city(jiangcheng):
    for station in STATIONS:
        hits = areas_at(station.lat, station.lon)
        assert [h.level for h in hits] == ["city", "district", "street"], station.name


def test_it_builds_the_network_its_rules_and_vital_signs_once(jiangcheng):
    assert len(jiangcheng.datastreams) == len(STATIONS)
    assert jiangcheng.rules == Rule.objects.count() >= 10
    assert Indicator.objects.filter(code="pm25-24h").exists()
    again = build_network()
    assert again.datastreams == jiangcheng.datastreams
    assert Rule.objects.count() == jiangcheng.rules


def test_it_opens_a_case_when_a_water_main_bursts(jiangcheng):
    sim = Simulator(jiangcheng.datastreams, START, seed=7, rate=0)
    sim.incident("pipe_burst", "pipe_shuijing")
    run(sim, publish, speed=0, minutes=20)
    case = Case.objects.get(channel="sensor")
    assert case.category.service_code == "water_leak"
    assert case.priority == "urgent"  # straight to red: the pressure collapsed
    assert "Shuijing water main pressure logger" in case.description
    assert case.area is not None and case.area.code == "laocheng_shuijing"


def test_it_opens_a_fault_case_when_a_device_goes_silent(jiangcheng):
    sim = Simulator(jiangcheng.datastreams, START, seed=7, rate=0)
    run(sim, publish, speed=0, minutes=5)
    sim.incident("silence", "river_qiaotou")
    run(sim, publish, speed=0, minutes=25)
    evaluation.sweep(sim.clock)
    case = Case.objects.get(channel="sensor")
    assert (case.category.service_code, case.department.code) == (
        "sensor_fault", "sensor_maintenance")


def test_it_raises_the_river_after_a_storm(jiangcheng):
    sim = Simulator(jiangcheng.datastreams, START, seed=3, rate=0)
    sim.city.start_incident("storm", START).strength = 80.0
    levels: list[float] = []
    for minute in range(300):
        level = sim.city.minute(START + timedelta(minutes=minute))["river_qiaotou"]
        assert level is not None  # a storm does not silence the gauge
        levels.append(level)
    assert levels[0] < 2.4
    assert max(levels) > 3.2  # the warning level
    assert levels.index(max(levels)) > 120  # the river peaks after the rain




def test_it_publishes_in_process_through_ingest(jiangcheng, django_capture_on_commit_callbacks):
    sim = Simulator(jiangcheng.datastreams, START, seed=7, rate=0)
    sim.incident("pipe_burst", "pipe_xueyuan")
    with django_capture_on_commit_callbacks(execute=True):
        run(sim, in_process, speed=0, minutes=15)
    assert not Case.objects.filter(channel="sensor").exists()  # queued for the worker
    assert rulequeue.drain() == len(jiangcheng.datastreams)  # each evaluated once
    case = Case.objects.get(channel="sensor")
    assert case.category.service_code == "water_leak"
    assert case.area is not None and case.area.code == "daxuecheng_xueyuan"
    assert Rollup.objects.filter(datastream_id=jiangcheng.datastreams["pipe_xueyuan"]).count() == 15


def test_it_replays_history_minute_by_minute(jiangcheng):
    # The demo's history: each minute's rules evaluated as it is replayed, no worker needed.
    sim = Simulator(jiangcheng.datastreams, START, seed=7, rate=0)
    sim.incident("pipe_burst", "pipe_shuijing")
    run(sim, replay, speed=0, minutes=15)
    case = Case.objects.get(channel="sensor")
    assert case.category.service_code == "water_leak"
    assert not rulequeue.pending()
