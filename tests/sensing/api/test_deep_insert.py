"""Deep insert (OGC 18-088 §10.2.1.2): related entities created with the entity, or linked."""

from __future__ import annotations

from typing import Any

from cityloop.sensing.models import (
    Datastream,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

STATION: dict[str, Any] = {
    "name": "Rain gauge 7",
    "description": "Tipping bucket on the school roof",
    "properties": {"school": "No. 3 Primary"},
    "Locations": [{
        "name": "School roof", "description": "", "encodingType": "application/geo+json",
        "location": {"type": "Point", "coordinates": [114.02, 22.53]},
    }],
    "Datastreams": [{
        "name": "Rainfall", "description": "Rain per minute",
        "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        "unitOfMeasurement": {"name": "millimetre", "symbol": "mm",
                              "definition": "http://qudt.org/vocab/unit/MilliM"},
        "Sensor": {"name": "Bucket", "description": "Tipping bucket",
                   "encodingType": "application/pdf", "metadata": "https://x/bucket.pdf"},
        "ObservedProperty": {"name": "Rainfall", "definition": "https://x/rain",
                             "description": "Rain depth"},
        "Observations": [
            {"phenomenonTime": "2024-05-01T08:00:00Z", "result": 0.2},
            {"phenomenonTime": "2024-05-01T08:01:00Z", "result": 0.6},
        ],
    }],
}


def test_it_creates_a_thing_with_everything_in_it(writer, db):
    response = writer.post("Things", STATION)
    assert response.status_code == 201, response.content
    thing = Thing.objects.get()
    assert [loc.name for loc in thing.locations.all()] == ["School roof"]
    stream = Datastream.objects.get()
    assert (stream.thing, stream.sensor.name, stream.observed_property.name) == (
        thing, "Bucket", "Rainfall")
    assert list(Observation.objects.order_by("phenomenon_time")
                .values_list("result_number", flat=True)) == [0.2, 0.6]


def test_it_records_the_first_location_in_the_history(writer, db):
    writer.post("Things", STATION)
    history = HistoricalLocation.objects.get()
    assert [loc.name for loc in history.locations.all()] == ["School roof"]


def test_it_links_existing_entities_by_id(writer, network):
    sensor, prop, place = network.sensors[0], network.properties[0], network.locations[0]
    response = writer.post("Things", {
        "name": "Second gauge", "description": "",
        "Locations": [{"@iot.id": place.pk}],
        "Datastreams": [{
            "name": "Level 2", "description": "", "observationType": "OM_Measurement",
            "unitOfMeasurement": {"name": "metre", "symbol": "m"},
            "Sensor": {"@iot.id": sensor.pk}, "ObservedProperty": {"@iot.id": prop.pk},
        }],
    })
    assert response.status_code == 201, response.content
    assert Sensor.objects.count() == 2 and ObservedProperty.objects.count() == 3
    assert Location.objects.count() == 2
    thing = Thing.objects.get(name="Second gauge")
    assert list(thing.locations.all()) == [place]


def test_it_creates_a_datastream_with_observations(writer, network):
    response = writer.post("Datastreams", {
        "name": "Tilt", "description": "", "observationType": "OM_Measurement",
        "unitOfMeasurement": {"name": "degree", "symbol": "°"},
        "Thing": {"@iot.id": network.things[0].pk}, "Sensor": {"@iot.id": network.sensors[0].pk},
        "ObservedProperty": {"name": "Tilt", "definition": "https://x/tilt"},
        "Observations": [{"phenomenonTime": "2024-05-01T08:00:00Z", "result": 0.1}],
    })
    assert response.status_code == 201, response.content
    stream = Datastream.objects.get(name="Tilt")
    assert stream.observations.get().result_number == 0.1


def test_it_leaves_nothing_behind_when_a_part_is_refused(writer, db):
    broken = {**STATION, "Datastreams": [{**STATION["Datastreams"][0],
                                          "Sensor": {"@iot.id": 999}}]}
    response = writer.post("Things", broken)
    assert response.status_code == 400
    assert response.json()["message"] == "Datastream.Sensor: there is no Sensor with id 999."
    assert not Thing.objects.exists() and not Location.objects.exists()


def test_it_refuses_a_bad_observation_in_a_deep_insert_and_everything_with_it(writer, db):
    stream = {**STATION["Datastreams"][0], "Observations": [
        {"phenomenonTime": "2024-05-01T08:00:00Z", "result": 0.2},
        {"phenomenonTime": "yesterday", "result": 0.6},
    ]}
    response = writer.post("Things", {**STATION, "Datastreams": [stream]})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Datastream.Observations[1]")
    assert not Observation.objects.exists() and not Thing.objects.exists()


def test_it_refuses_a_datastream_without_its_required_links(writer, network):
    response = writer.post("Datastreams", {
        "name": "Orphan", "description": "", "observationType": "OM_Measurement",
        "unitOfMeasurement": {}, "Thing": {"@iot.id": network.things[0].pk}})
    assert response.status_code == 400
    assert response.json()["message"].startswith("A Datastream needs a Sensor")
