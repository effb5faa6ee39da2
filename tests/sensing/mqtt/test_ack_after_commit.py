"""A message is acknowledged only once its batch is committed: a worker that could not store
it leaves it to the broker, which gives it to the worker's next run."""

from __future__ import annotations

import threading

from cityloop.sensing.ingest import store as ingest_module
from cityloop.sensing.models import Observation
from tests.sensing.mqtt.conftest import Device, start_worker, wait_for


def test_it_does_not_acknowledge_what_it_failed_to_store(broker, mqtt_network, monkeypatch):
    topic = f"v1.1/Datastreams({mqtt_network.level.pk})/Observations"
    attempted = threading.Event()

    def database_away(*args, **kwargs):
        attempted.set()
        raise ingest_module.OperationalError("the database is away")

    monkeypatch.setattr(ingest_module, "ingest", database_away)
    worker = start_worker(broker, "cityloop-test-ack")
    device = Device(broker)
    device.send(topic, [{"phenomenonTime": "2026-05-01T08:00:00Z", "result": 42}])
    assert attempted.wait(20)
    worker.stop()  # stops while still retrying: nothing stored, nothing acknowledged
    monkeypatch.undo()
    assert Observation.objects.count() == 0

    worker = start_worker(broker, "cityloop-test-ack")
    try:
        assert wait_for(lambda: Observation.objects.count() == 1)
    finally:
        worker.stop()
        device.close()
    assert Observation.objects.get().result_number == 42
