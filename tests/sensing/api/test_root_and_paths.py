"""The service root (OGC 18-088 §9.2.1) and resource paths (§9.2.2-9.2.6)."""

from __future__ import annotations

from django.test import override_settings

ENTITY_SETS = ["Datastreams", "FeaturesOfInterest", "HistoricalLocations", "Locations",
               "MultiDatastreams", "Observations", "ObservedProperties", "Sensors", "Things"]


def test_it_lists_the_entity_sets_with_their_urls(sta, db):
    root = sta.json("")
    assert [e["name"] for e in root["value"]] == ENTITY_SETS
    assert root["value"][-1]["url"] == "http://testserver/sta/v1.1/Things"


def test_it_declares_the_conformance_classes_it_implements(sta, db):
    conformance = sta.json("")["serverSettings"]["conformance"]
    base = "http://www.opengis.net/spec/iot_sensing/1.1/req/"
    assert base + "datamodel" in conformance
    assert base + "request-data" in conformance
    assert base + "create-update-delete" in conformance
    assert base + "data-array/data-array" in conformance
    assert base + "multi-datastream" in conformance


@override_settings(MQTT_PUBLIC_URL="mqtt://city.example:1883")
def test_it_gives_the_mqtt_endpoint_when_one_is_configured(sta, db):
    settings = sta.json("")["serverSettings"]
    create = "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/" \
             "observations-creation"
    assert create in settings["conformance"]
    assert settings[create] == {"endpoints": ["mqtt://city.example:1883"]}


def test_it_reads_an_entity_with_its_links(sta, network):
    thing = network.things[0]
    body = sta.json(f"Things({thing.pk})")
    assert body["@iot.id"] == thing.pk
    assert body["@iot.selfLink"] == f"http://testserver/sta/v1.1/Things({thing.pk})"
    assert body["name"] == "River gauge"
    assert body["properties"] == {"owner": "water", "depth": 4, "public": True}
    assert body["Datastreams@iot.navigationLink"].endswith(f"Things({thing.pk})/Datastreams")
    assert body["Locations@iot.navigationLink"].endswith(f"Things({thing.pk})/Locations")


def test_it_follows_navigation_paths(sta, network):
    thing, stream = network.things[0], network.datastreams[0]
    observations = sta.json(f"Things({thing.pk})/Datastreams({stream.pk})/Observations")
    assert [o["result"] for o in observations["value"]] == [1, 2, 3, 4, 5]
    owner = sta.json(f"Datastreams({stream.pk})/Thing")
    assert owner["@iot.id"] == thing.pk
    sensor = sta.json(f"Observations({network.observations[0].pk})/Datastream/Sensor")
    assert sensor["name"] == "Radar gauge"


def test_it_answers_404_for_an_entity_outside_the_navigation_path(sta, network):
    other_stream = network.datastreams[1]
    response = sta.get(f"Things({network.things[0].pk})/Datastreams({other_stream.pk})")
    assert response.status_code == 404
    assert response.json()["type"] == "error"


def test_it_reads_a_property_and_its_raw_value(sta, network):
    thing = network.things[0]
    assert sta.json(f"Things({thing.pk})/name") == {"name": "River gauge"}
    raw = sta.get(f"Things({thing.pk})/name/$value")
    assert raw.status_code == 200
    assert raw.content.decode() == "River gauge"
    assert raw["Content-Type"].startswith("text/plain")
    props = sta.get(f"Things({thing.pk})/properties/$value")
    assert props.json() == {"owner": "water", "depth": 4, "public": True}


def test_it_answers_references_with_ref(sta, network):
    thing = network.things[1]
    refs = sta.json(f"Things({thing.pk})/Datastreams/$ref")
    assert refs["value"] == [
        {"@iot.selfLink": f"http://testserver/sta/v1.1/Datastreams({d.pk})"}
        for d in network.datastreams[1:]
    ]
    single = sta.json(f"Datastreams({network.datastreams[0].pk})/Thing/$ref")
    assert single == {"@iot.selfLink": f"http://testserver/sta/v1.1/Things({network.things[0].pk})"}


def test_it_writes_times_in_iso_8601_with_an_offset(sta, network):
    body = sta.json(f"Observations({network.observations[0].pk})")
    assert body["phenomenonTime"] == "2024-05-01T08:00:00Z"
    assert body["resultTime"] is None


def test_it_answers_head_and_options(sta, network):
    assert sta.client.head("/sta/v1.1/Things").status_code == 200
    options = sta.client.options("/sta/v1.1/Things")
    assert options.status_code == 204
    assert options["Allow"] == "GET, HEAD, POST, OPTIONS"  # a collection takes no PATCH
