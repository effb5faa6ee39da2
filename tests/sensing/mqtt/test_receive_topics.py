"""Every receive topic of OGC 18-088 §14.2 delivers, whichever door made the change.

Entity sets (``v1.1/Things``), entities (``v1.1/Things(1)``), properties
(``v1.1/Things(1)/description``), navigation (``v1.1/Datastreams(1)/Observations``)
and ``$select`` topics, on create and on update, as the HTTP GET shows the entity.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client

from cityloop.cases.models import ApiClient
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationIn
from cityloop.sensing.models import HistoricalLocation, Thing
from cityloop.sensing.mqtt.publisher import publisher
from tests.sensing.mqtt.conftest import Listener, wait_for

ROOT = "/sta/v1.1/"
AT = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


class Api:
    """SensorThings over HTTP with a key that reads and writes everything."""

    def __init__(self, client: Client):
        self.client = client
        key = ApiClient.create("Integrator", "iot@example.org",
                               scopes=["sta:read", "sta:write"])[1]
        self.headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def post(self, path: str, body: Any) -> Any:
        response = self.client.post(ROOT + path, json.dumps(body),
                                    content_type="application/json", **self.headers)
        assert response.status_code == 201, response.content
        return response.json()

    def patch(self, path: str, body: Any) -> Any:
        response = self.client.patch(ROOT + path, json.dumps(body),
                                     content_type="application/json", **self.headers)
        assert response.status_code == 200, response.content
        return response.json()

    def get(self, path: str, **params: str) -> Any:
        response = self.client.get(ROOT + path, params or None, **self.headers)
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def api(client: Client, mqtt_network: Any) -> Api:
    return Api(client)


@pytest.fixture
def receiving(broker: Any, mqtt_network: Any) -> Any:
    """The publisher connected and listening to the broker's news of subscriptions."""
    publisher.configure(broker.config())
    assert publisher.start(timeout=10), "the publisher did not connect"
    return broker


def listen(broker: Any, topic: str) -> Listener:
    listener = Listener(broker, topic)
    # The publisher hears of the subscription from the broker's log: wait for it, as a
    # client's first message can only be one sent after the server knew of it.
    assert wait_for(lambda: publisher.subscriptions.knows(topic) or not
                    publisher.subscriptions.needed(topic), timeout=10)
    return listener


def received(listener: Listener, count: int) -> list[dict[str, Any]]:
    assert publisher.flush()
    assert wait_for(lambda: len(listener.received) >= count, timeout=10), listener.received
    return listener.received


def _strip_host(entity: dict[str, Any]) -> dict[str, Any]:
    return {k: v.split("/sta/v1.1/")[-1] if isinstance(v, str) and "/sta/v1.1/" in v else v
            for k, v in entity.items()}


def test_it_publishes_new_observations_on_the_entity_set(receiving, mqtt_network):
    listener = listen(receiving, "v1.1/Observations")
    try:
        result = ingest([ObservationIn(mqtt_network.level.pk, AT, None, 4.5)])
        (message,) = received(listener, 1)
    finally:
        listener.close()
    assert message["@iot.id"] == result.ids[0]
    assert message["result"] == 4.5


def test_it_publishes_a_thing_created_over_http_on_things(receiving, api):
    listener = listen(receiving, "v1.1/Things")
    try:
        created = api.post("Things", {"name": "Rain gauge 7", "description": "School roof",
                                      "properties": {"public": True}})
        (message,) = received(listener, 1)
    finally:
        listener.close()
    assert _strip_host(message) == _strip_host(created)
    assert message["@iot.selfLink"].endswith(f"/sta/v1.1/Things({created['@iot.id']})")


def test_it_publishes_a_patched_datastream_on_datastreams(receiving, api, mqtt_network):
    stream = mqtt_network.level.pk
    listener = listen(receiving, "v1.1/Datastreams")
    try:
        api.patch(f"Datastreams({stream})", {"name": "Level at the bridge"})
        (message,) = received(listener, 1)
    finally:
        listener.close()
    assert message["@iot.id"] == stream
    assert message["name"] == "Level at the bridge"
    assert _strip_host(message) == _strip_host(api.get(f"Datastreams({stream})"))


def test_it_publishes_a_patched_thing_on_its_entity_topic(receiving, api, mqtt_network):
    gauge = mqtt_network.gauge.pk
    listener = listen(receiving, f"v1.1/Things({gauge})")
    try:
        api.patch(f"Things({gauge})", {"name": "Jialing gauge"})
        (message,) = received(listener, 1)
    finally:
        listener.close()
    assert message["name"] == "Jialing gauge"
    assert message["Datastreams@iot.navigationLink"].endswith(f"Things({gauge})/Datastreams")


def test_it_publishes_a_changed_property_on_its_property_topic_only(receiving, api,
                                                                    mqtt_network):
    gauge = mqtt_network.gauge.pk
    listener = listen(receiving, f"v1.1/Things({gauge})/description")
    try:
        api.patch(f"Things({gauge})", {"name": "Renamed"})  # not the description: nothing
        api.patch(f"Things({gauge})", {"description": "Moved to the pier"})
        messages = received(listener, 1)
    finally:
        listener.close()
    assert messages == [{"description": "Moved to the pier"}]
    assert messages[0] == api.get(f"Things({gauge})/description")


def test_it_publishes_the_selected_properties_on_a_select_topic(receiving, mqtt_network):
    stream = mqtt_network.level.pk
    listener = listen(receiving,
                      f"v1.1/Datastreams({stream})/Observations?$select=result,phenomenonTime")
    try:
        ingest([ObservationIn(stream, AT, None, 2.25)])
        messages = received(listener, 1)
    finally:
        listener.close()
    assert messages == [{"phenomenonTime": "2026-05-01T08:00:00Z", "result": 2.25}]


def test_it_publishes_a_new_historical_location(receiving, api, mqtt_network):
    gauge = mqtt_network.gauge.pk
    listener = listen(receiving, "v1.1/HistoricalLocations")
    try:
        api.patch(f"Things({gauge})", {"Locations": [{"@iot.id": mqtt_network.location.pk}]})
        (message,) = received(listener, 1)
    finally:
        listener.close()
    history = HistoricalLocation.objects.get(thing=gauge)
    assert message["@iot.id"] == history.pk
    assert message["Thing@iot.navigationLink"].endswith(
        f"HistoricalLocations({history.pk})/Thing")


def test_it_does_not_publish_a_private_thing(receiving, api, mqtt_network):
    hidden = Thing.objects.create(name="Tilt meter", properties={"public": False})
    gauge = mqtt_network.gauge.pk
    listener = listen(receiving, "v1.1/#")  # one connection: messages in the order sent
    try:
        api.patch(f"Things({hidden.pk})", {"name": "Tower tilt meter"})
        api.patch(f"Things({gauge})", {"name": "Public gauge"})  # comes after, and does arrive
        assert publisher.flush()
        assert wait_for(lambda: f"v1.1/Things({gauge})" in listener.topics, timeout=10)
    finally:
        listener.close()
    assert not [t for t in listener.topics if f"Things({hidden.pk})" in t]
    assert hidden.pk not in [m.get("@iot.id") for m in listener.received]
    assert "Tower tilt meter" not in json.dumps(listener.received)


def test_a_deep_insert_publishes_each_new_entity_once(receiving, api):
    listener = listen(receiving, "v1.1/#")
    try:
        thing = api.post("Things", {
            "name": "Rain gauge 8", "properties": {"public": True},
            "Locations": [{"name": "Roof", "description": "", "encodingType":
                           "application/geo+json",
                           "location": {"type": "Point", "coordinates": [106.5, 29.5]}}],
            "Datastreams": [{
                "name": "Rainfall", "unitOfMeasurement": {"symbol": "mm"},
                "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
                                   "OM_Measurement",
                "Sensor": {"name": "Bucket", "encodingType": "text/plain", "metadata": "-"},
                "ObservedProperty": {"name": "Rain", "definition": "urn:rain"}}]})
        assert publisher.flush()
        assert wait_for(lambda: f"v1.1/Things({thing['@iot.id']})/Datastreams"
                        in listener.topics, timeout=10)
        assert wait_for(lambda: "v1.1/HistoricalLocations" in listener.topics, timeout=10)
    finally:
        listener.close()
    sets = [t for t in listener.topics if t.count("/") == 1 and "(" not in t]
    assert sorted(sets) == ["v1.1/Datastreams", "v1.1/HistoricalLocations", "v1.1/Locations",
                            "v1.1/ObservedProperties", "v1.1/Sensors", "v1.1/Things"]
    assert len(listener.topics) == len(set(listener.topics))  # nothing twice


def test_put_and_create_observations_publish_too(receiving, api, mqtt_network):
    stream = mqtt_network.level.pk
    gauge = mqtt_network.gauge.pk
    things = listen(receiving, f"v1.1/Things({gauge})/name")
    selected = listen(receiving, f"v1.1/Datastreams({stream})/Observations?$select=result")
    try:
        response = api.client.put(f"{ROOT}Things({gauge})", json.dumps(
            {"name": "Put gauge", "description": "", "properties": {"public": True}}),
            content_type="application/json", **api.headers)
        assert response.status_code == 200, response.content
        api.post("CreateObservations", [{
            "Datastream": {"@iot.id": stream}, "components": ["phenomenonTime", "result"],
            "dataArray": [["2026-05-01T08:00:00Z", 1], ["2026-05-01T08:01:00Z", 2]]}])
        assert received(things, 1) == [{"name": "Put gauge"}]
        assert received(selected, 2) == [{"result": 1}, {"result": 2}]
    finally:
        things.close()
        selected.close()
