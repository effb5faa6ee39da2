"""The simulator as a real device network: over MQTT to an ingest worker, the rule queue,
a case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cityloop.cases.models import Case
from cityloop.demo.city import build_city
from cityloop.demo.sensors.network import build_network
from cityloop.demo.sensors.simulator import MqttPublisher, Simulator, publisher, run
from cityloop.sensing import rulequeue
from cityloop.sensing.models import Rollup
from tests.sensing.mqtt.conftest import broker, start_worker, wait_for  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_publishes_over_mqtt_when_a_broker_is_configured(broker, settings):  # noqa: F811
    build_city()
    network = build_network()
    settings.MQTT_URL = broker.url
    worker = start_worker(broker)
    publish, close = publisher()
    try:
        assert isinstance(publish, MqttPublisher)
        sim = Simulator(network.datastreams, datetime(2030, 6, 1, 6, 0, tzinfo=UTC), seed=5,
                        rate=0)
        sim.incident("pipe_burst", "pipe_shuijing")
        run(sim, publish, speed=0, minutes=12)
        pressure = network.datastreams["pipe_shuijing"]
        assert wait_for(lambda: Rollup.objects.filter(datastream_id=pressure).count() == 12)
        assert rulequeue.drain() >= 1  # what the worker does with what ingest queued
    finally:
        close()
        worker.stop()
    case = Case.objects.get(channel="sensor")
    assert case.category.service_code == "water_leak"


def test_it_ingests_in_process_without_a_broker(settings):
    settings.MQTT_URL = ""
    publish, _close = publisher()
    assert not isinstance(publish, MqttPublisher)
