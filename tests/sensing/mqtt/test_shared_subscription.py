"""Two ingest workers in one shared subscription split the load: nothing lost, nothing twice."""

from __future__ import annotations

from cityloop.sensing.models import Observation, Rollup
from tests.sensing.mqtt.conftest import Device, start_worker, wait_for

COUNT = 1000


def test_it_splits_messages_between_workers_without_loss_or_doubles(broker, mqtt_network):
    first = start_worker(broker, "cityloop-test-a", batch_size=50)
    second = start_worker(broker, "cityloop-test-b", batch_size=50)
    device = Device(broker)
    level = mqtt_network.level.pk
    try:
        device.send(f"v1.1/Datastreams({level})/Observations", [
            {"phenomenonTime": f"2026-05-01T08:{i // 60 % 60:02d}:{i % 60:02d}Z", "result": i}
            for i in range(COUNT)
        ])
        assert wait_for(lambda: Observation.objects.count() >= COUNT)
    finally:
        device.close()
        first.stop()
        second.stop()
    results = Observation.objects.order_by("result_number").values_list("result_number",
                                                                          flat=True)
    assert list(results) == list(range(COUNT))
    assert first.worker.counters.stored > 0 and second.worker.counters.stored > 0
    assert first.worker.counters.stored + second.worker.counters.stored == COUNT
    # Rollups from both workers add up to every observation once.
    assert sum(Rollup.objects.values_list("count", flat=True)) == COUNT
