"""A device's observation published over MQTT is stored (OGC 18-088 §14.1 create)."""

from __future__ import annotations

from cityloop.sensing.models import Observation
from tests.sensing.mqtt.conftest import Device, start_worker, wait_for


def test_it_stores_what_devices_publish_on_both_topics(broker, mqtt_network):
    worker = start_worker(broker)
    device = Device(broker)
    try:
        level = mqtt_network.level.pk
        device.send(f"v1.1/Datastreams({level})/Observations",
                    [{"phenomenonTime": f"2026-05-01T08:00:0{i}Z", "result": i} for i in range(5)])
        device.send("v1.1/Observations", [{
            "phenomenonTime": "2026-05-01T08:01:00Z", "result": 7.5,
            "Datastream": {"@iot.id": mqtt_network.flow.pk},
        }])
        assert wait_for(lambda: Observation.objects.count() == 6)
    finally:
        device.close()
        worker.stop()
    stored = list(Observation.objects.filter(datastream=level).order_by("result_number")
                  .values_list("result_number", flat=True))
    assert stored == [0, 1, 2, 3, 4]
    flow = Observation.objects.get(datastream=mqtt_network.flow)
    assert flow.result_number == 7.5
    assert flow.feature_of_interest is not None  # made from the gauge's Location


def test_it_skips_bad_messages_and_keeps_the_good(broker, mqtt_network):
    worker = start_worker(broker)
    device = Device(broker)
    try:
        level = mqtt_network.level.pk
        device.client.publish(f"v1.1/Datastreams({level})/Observations", b"not json",
                              qos=1).wait_for_publish(10)
        device.send(f"v1.1/Datastreams({level})/Observations", [
            {"phenomenonTime": "2026-13-01", "result": 1},
            {"phenomenonTime": "2026-05-01T08:00:00Z", "result": 2},
        ])
        device.send("v1.1/Datastreams(999999)/Observations",
                    [{"phenomenonTime": "2026-05-01T08:00:00Z", "result": 3}])
        assert wait_for(lambda: worker.worker.counters.refused == 3)
    finally:
        device.close()
        worker.stop()
    assert list(Observation.objects.values_list("result_number", flat=True)) == [2]
