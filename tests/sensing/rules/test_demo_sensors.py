"""`cityloop demo` starts the simulated sensor network, and a restart does not simulate twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cityloop.catalogue.models import Department
from cityloop.demo.city import build_city
from cityloop.demo.sensors.live import start_demo_sensors
from cityloop.demo.sensors.network import build_network
from cityloop.demo.sensors.simulator import resume_at
from cityloop.sensing.models import Observation, Thing
from tests.sensing.rules.helpers import record

START = datetime(2030, 6, 1, 10, 0, tzinfo=UTC)


def test_it_resumes_after_the_newest_reading(db):
    build_city()
    streams = build_network().datastreams
    assert resume_at(streams, START) == START
    record(next(iter(streams.values())), START + timedelta(minutes=5, seconds=30), 1.0)
    assert resume_at(streams, START) == START + timedelta(minutes=6)
    assert resume_at(streams, START + timedelta(hours=1)) == START + timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_the_demo_starts_the_network_and_a_restart_fills_in_only_what_is_missing(settings):
    settings.MQTT_URL = ""
    build_city()
    streams = build_network().datastreams
    said: list[str] = []
    stop = start_demo_sensors(said.append, backfill=5)
    stop()
    assert any("sensors:" in line and "in-process" in line for line in said), said
    first = Observation.objects.filter(datastream_id__in=streams.values()).count()
    assert first >= 4 * len(streams) // 2  # most stations report every minute
    stop = start_demo_sensors(said.append, backfill=5)
    stop()
    again = Observation.objects.filter(datastream_id__in=streams.values()).count() - first
    assert again <= 2 * len(streams)  # a minute or two at most, not five again


def test_every_demo_station_names_the_department_that_looks_after_it(db):
    build_city()
    build_network(with_rules=False)
    codes = set(Department.objects.values_list("code", flat=True))
    things = list(Thing.objects.all())
    assert things and all(t.properties.get("department") in codes for t in things)
    tilt = [t for t in things if t.properties.get("public") is False]
    assert tilt and {t.properties["department"] for t in tilt} == {"safety"}
