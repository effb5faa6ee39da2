"""MultiDatastreams over MQTT (OGC 18-088 §14.1 with §14): devices create their
Observations on ``v1.1/MultiDatastreams(id)/Observations`` (or ``v1.1/Observations``
naming the MultiDatastream), and subscribers receive them, and changes of the
MultiDatastream itself, on its receive topics."""

from __future__ import annotations

from typing import Any

from cityloop.sensing.models import Observation
from cityloop.sensing.mqtt.publisher import publisher
from tests.sensing.ingest.conftest import make_station
from tests.sensing.mqtt.conftest import Device, start_worker, wait_for
from tests.sensing.mqtt.test_receive_topics import api, listen, received, receiving  # noqa: F401


def published(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What CityLoop published (a device never sends a selfLink)."""
    return [m for m in messages if "@iot.selfLink" in m]


def test_devices_create_observations_of_a_multidatastream_and_subscribers_get_them(
        broker, mqtt_network):
    station = make_station(mqtt_network)
    worker = start_worker(broker)
    assert publisher.start(timeout=10)
    listener = listen(broker, f"v1.1/MultiDatastreams({station.pk})/Observations")
    device = Device(broker)
    try:
        device.send(f"v1.1/MultiDatastreams({station.pk})/Observations", [
            {"phenomenonTime": "2026-05-01T08:00:00Z", "result": [1.25, "rising"]},
            {"phenomenonTime": "2026-05-01T08:01:00Z", "result": [1.5]},  # refused: too short
        ])
        device.send("v1.1/Observations", [{
            "phenomenonTime": "2026-05-01T08:02:00Z", "result": [1.75, "high"],
            "MultiDatastream": {"@iot.id": station.pk}}])
        assert wait_for(lambda: Observation.objects.filter(multi_datastream=station).count() == 2)
        assert publisher.flush()
        # The topic serves both ways: the listener also hears the device itself.
        assert wait_for(lambda: len(published(listener.received)) == 2, timeout=10)
    finally:
        device.close()
        worker.stop()
    got = published(listener.received)
    assert sorted(o["result"][1] for o in got) == ["high", "rising"]
    assert all(o["@iot.selfLink"].endswith(f"/Observations({o['@iot.id']})") for o in got)
    assert worker.worker.counters.refused == 1


def test_subscribers_get_multidatastreams_created_and_changed_over_http(
        receiving, api, mqtt_network):  # noqa: F811
    every = listen(receiving, "v1.1/MultiDatastreams")
    thing = mqtt_network.gauge.pk
    created = api.post(f"Things({thing})/MultiDatastreams", {
        "name": "Level and state", "description": "",
        "unitOfMeasurements": [{"symbol": "m"}],
        "multiObservationDataTypes": [
            "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"],
        "Sensor": {"@iot.id": mqtt_network.level.sensor_id},
        "ObservedProperties": [{"@iot.id": mqtt_network.level.observed_property_id}]})
    mds = created["@iot.id"]
    # The creation goes out on the new entity's own topic too: let it go before
    # subscribing there, or a slow publisher hands it to the listeners below.
    assert [m["name"] for m in received(every, 1)] == ["Level and state"]
    one = listen(receiving, f"v1.1/MultiDatastreams({mds})")
    name = listen(receiving, f"v1.1/MultiDatastreams({mds})/name")
    observations = listen(receiving, f"v1.1/MultiDatastreams({mds})/Observations")
    selected = listen(receiving,
                      f"v1.1/MultiDatastreams({mds})/Observations?$select=result,phenomenonTime")
    api.patch(f"MultiDatastreams({mds})", {"name": "Renamed"})
    api.post(f"MultiDatastreams({mds})/Observations",
             {"phenomenonTime": "2026-05-01T08:00:00Z", "result": [2.5]})
    assert [m["name"] for m in received(every, 2)] == ["Level and state", "Renamed"]
    assert received(one, 1)[0]["name"] == "Renamed"
    assert received(name, 1) == [{"name": "Renamed"}]
    (observation,) = received(observations, 1)
    assert observation["result"] == [2.5]
    assert observation["MultiDatastream@iot.navigationLink"].endswith("/MultiDatastream")
    assert received(selected, 1) == [{"phenomenonTime": "2026-05-01T08:00:00Z",
                                      "result": [2.5]}]
