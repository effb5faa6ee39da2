"""PATCH and PUT (OGC 18-088 §10.3)."""

from __future__ import annotations

from cityloop.sensing.models import HistoricalLocation, Location, Rollup, Thing


def test_it_changes_only_the_properties_given(writer, network):
    thing = network.things[0]
    response = writer.patch(f"Things({thing.pk})", {"description": "Radar gauge"})
    assert response.status_code == 200, response.content
    thing.refresh_from_db()
    assert (thing.name, thing.description) == ("River gauge", "Radar gauge")
    assert response.json()["description"] == "Radar gauge"


def test_it_replaces_json_properties_with_application_json(writer, network):
    thing = network.things[0]
    writer.patch(f"Things({thing.pk})", {"properties": {"owner": "drainage"}})
    thing.refresh_from_db()
    assert thing.properties == {"owner": "drainage"}


def test_it_merges_json_properties_with_a_merge_patch(writer, network):
    thing = network.things[0]
    response = writer.patch(f"Things({thing.pk})",
                            {"properties": {"owner": "drainage", "depth": None, "new": 1}},
                            content_type="application/merge-patch+json")
    assert response.status_code == 200, response.content
    thing.refresh_from_db()
    assert thing.properties == {"owner": "drainage", "public": True, "new": 1}


def test_it_applies_a_json_patch(writer, network):
    thing = network.things[0]
    response = writer.patch(f"Things({thing.pk})", [
        {"op": "replace", "path": "/name", "value": "Gauge 1"},
        {"op": "add", "path": "/properties/serial", "value": "A-17"},
        {"op": "remove", "path": "/properties/depth"},
    ], content_type="application/json-patch+json")
    assert response.status_code == 200, response.content
    thing.refresh_from_db()
    assert thing.name == "Gauge 1"
    assert thing.properties == {"owner": "water", "public": True, "serial": "A-17"}


def test_it_answers_409_when_a_json_patch_test_fails(writer, network):
    thing = network.things[0]
    response = writer.patch(f"Things({thing.pk})", [
        {"op": "test", "path": "/name", "value": "Somebody else"},
        {"op": "replace", "path": "/name", "value": "Gauge 1"},
    ], content_type="application/json-patch+json")
    assert response.status_code == 409
    thing.refresh_from_db()
    assert thing.name == "River gauge"


def test_it_replaces_everything_with_put(writer, network):
    thing = network.things[0]
    response = writer.put(f"Things({thing.pk})", {"name": "Gauge"})
    assert response.status_code == 200, response.content
    thing.refresh_from_db()
    assert (thing.name, thing.description, thing.properties) == ("Gauge", "", {})
    assert writer.put(f"Things({thing.pk})", {"description": "x"}).status_code == 400


def test_it_records_a_new_location_of_a_thing(writer, network):
    thing, park = network.things[0], network.locations[1]
    response = writer.patch(f"Things({thing.pk})", {"Locations": [{"@iot.id": park.pk}]})
    assert response.status_code == 200, response.content
    assert list(thing.locations.all()) == [park]
    latest = HistoricalLocation.objects.filter(thing=thing).latest("id")
    assert list(latest.locations.all()) == [park]


def test_it_recomputes_the_point_when_a_location_moves(writer, network):
    bridge = network.locations[0]
    writer.patch(f"Locations({bridge.pk})",
                 {"location": {"type": "Point", "coordinates": [113.9, 22.4]}})
    bridge.refresh_from_db()
    assert (bridge.lat, bridge.lon) == (22.4, 113.9)


def test_it_relinks_a_datastream(writer, network):
    stream, air = network.datastreams[0], network.things[1]
    response = writer.patch(f"Datastreams({stream.pk})", {"Thing": {"@iot.id": air.pk}})
    assert response.status_code == 200, response.content
    stream.refresh_from_db()
    assert stream.thing == air


def test_it_checks_an_observation_again_and_fixes_its_rollup(writer, network):
    obs = network.observations[0]
    response = writer.patch(f"Observations({obs.pk})", {"result": 11})
    assert response.status_code == 200, response.content
    obs.refresh_from_db()
    assert obs.result_number == 11
    rollup = Rollup.objects.get(datastream=obs.datastream, minute=obs.phenomenon_time)
    assert (rollup.count, rollup.total) == (1, 11)
    bad = writer.patch(f"Observations({obs.pk})", {"phenomenonTime": "soon"})
    assert bad.status_code == 400


def test_it_refuses_unknown_properties(writer, network):
    response = writer.patch(f"Things({network.things[0].pk})", {"colour": "red"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Thing has no property 'colour'")
    assert Thing.objects.filter(name="River gauge").exists()
    assert Location.objects.count() == 2


def test_it_keeps_a_measurement_numeric(writer, network):
    stream = network.datastreams[0]
    stream.observation_type = (
        "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement")
    stream.save()
    obs = network.observations[0]
    response = writer.patch(f"Observations({obs.pk})", {"result": "high"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Observation.result must be a number")
    assert writer.patch(f"Observations({obs.pk})", {"result": "2.5"}).json()["result"] == 2.5


def test_it_stretches_the_datastream_time_over_a_moved_observation(writer, network):
    obs = network.observations[0]
    writer.patch(f"Observations({obs.pk})", {"phenomenonTime": "2030-01-01T00:00:00Z"})
    stream = network.datastreams[0]
    stream.refresh_from_db()
    assert stream.phenomenon_time_end.year == 2030
