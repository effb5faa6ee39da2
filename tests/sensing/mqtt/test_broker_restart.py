"""QoS 1 and a persistent session: a broker restart loses nothing it had acknowledged."""

from __future__ import annotations

from cityloop.sensing.models import Observation
from cityloop.sensing.mqtt.subscriber import IngestWorker
from tests.sensing.mqtt.conftest import Device, RunningWorker, start_worker, wait_for


def _readings(start: int, count: int) -> list[dict[str, object]]:
    return [{"phenomenonTime": f"2026-05-01T09:{i // 60 % 60:02d}:{i % 60:02d}Z", "result": i}
            for i in range(start, start + count)]


def test_it_keeps_messages_queued_for_an_absent_worker_across_a_restart(broker, mqtt_network):
    topic = f"v1.1/Datastreams({mqtt_network.level.pk})/Observations"
    start_worker(broker, "cityloop-test-persistent").stop()  # the session and its subscription
    device = Device(broker)
    device.send(topic, _readings(0, 200))  # acknowledged by the broker, held for the worker
    device.close()
    broker.restart()
    worker = start_worker(broker, "cityloop-test-persistent")
    try:
        assert wait_for(lambda: Observation.objects.count() >= 200)
    finally:
        worker.stop()
    assert list(Observation.objects.order_by("result_number")
                .values_list("result_number", flat=True)) == list(range(200))


def test_it_carries_on_when_the_broker_restarts_under_a_running_worker(broker, mqtt_network):
    topic = f"v1.1/Datastreams({mqtt_network.level.pk})/Observations"
    worker = start_worker(broker, "cityloop-test-running")
    try:
        device = Device(broker)
        device.send(topic, _readings(0, 100))
        device.close()
        broker.restart()
        # Its shared subscription is back once the worker is subscribed again
        # (see topics.ingest_filters).
        assert wait_for(lambda: worker.worker.sessions >= 2 and worker.worker.wait_connected(0))
        device = Device(broker)
        device.send(topic, _readings(100, 100))
        device.close()
        assert wait_for(lambda: _stored() == set(range(200)))
    finally:
        worker.stop()
    # At least once: what was in hand during the restart may come twice, nothing is lost.
    assert _stored() == set(range(200))


def test_it_keeps_what_devices_publish_while_broker_and_worker_restart(broker, mqtt_network):
    """With plain subscriptions (no share group), the broker queues for the absent worker
    even what arrives after its own restart."""
    topic = f"v1.1/Datastreams({mqtt_network.level.pk})/Observations"
    config = broker.config(share_group="")
    RunningWorker(IngestWorker(config, "cityloop-test-single")).stop()
    broker.restart()
    device = Device(broker)
    device.send(topic, _readings(0, 50))
    device.close()
    worker = RunningWorker(IngestWorker(config, "cityloop-test-single"))
    try:
        assert wait_for(lambda: _stored() == set(range(50)))
    finally:
        worker.stop()


def _stored() -> set[float | None]:
    return set(Observation.objects.values_list("result_number", flat=True))
