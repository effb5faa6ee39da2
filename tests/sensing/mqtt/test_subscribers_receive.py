"""Subscribers to v1.1/Datastreams(id)/Observations receive each new Observation (§14.1).

Whether it came over HTTP (``ingest`` called by the API) or over MQTT, the
new Observation is published as the HTTP API shows it, and the ingest
workers, which listen on the same topic, do not take it for a new one.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationIn
from cityloop.sensing.models import Observation
from cityloop.sensing.mqtt.publisher import publisher
from tests.sensing.mqtt.conftest import Device, Listener, start_worker, wait_for


def test_it_publishes_observations_stored_by_ingest(broker, mqtt_network):
    level = mqtt_network.level.pk
    publisher.configure(broker.config())
    listener = Listener(broker, f"v1.1/Datastreams({level})/Observations")
    try:
        result = ingest([ObservationIn(level, datetime(2026, 5, 1, 8, 0, 0, 250000, tzinfo=UTC),
                                       None, 3.25)])
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) == 1)
    finally:
        listener.close()
    (message,) = listener.received
    new_id = result.ids[0]
    assert message["@iot.id"] == new_id
    assert message["@iot.selfLink"].endswith(f"/sta/v1.1/Observations({new_id})")
    assert message["phenomenonTime"] == "2026-05-01T08:00:00.250Z"
    assert message["result"] == 3.25
    assert message["resultTime"] is None
    assert message["Datastream@iot.navigationLink"].endswith(
        f"/Observations({new_id})/Datastream")


def test_it_publishes_what_came_over_mqtt_once_and_does_not_store_it_again(broker, mqtt_network):
    status = mqtt_network.status.pk  # takes any result
    topic = f"v1.1/Datastreams({status})/Observations"
    worker = start_worker(broker)
    listener = Listener(broker, topic)
    device = Device(broker)
    try:
        device.send(topic, [{"phenomenonTime": "2026-05-01T08:00:00Z", "result": 1},
                            {"phenomenonTime": "2026-05-01T08:00:01Z", "result": {"ok": True}}])
        # The listener sees the devices' two messages and CityLoop's two.
        assert wait_for(lambda: len(listener.received) == 4)
        assert publisher.flush()
    finally:
        device.close()
        listener.close()
        worker.stop()
    published = [m for m in listener.received if "@iot.id" in m]
    assert sorted(m["@iot.id"] for m in published) == sorted(
        Observation.objects.values_list("id", flat=True))
    assert sorted(map(str, (m["result"] for m in published))) == ["1", "{'ok': True}"]
    assert Observation.objects.count() == 2
