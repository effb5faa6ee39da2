"""Writing MultiDatastreams (OGC 18-088 §14.1): create, deep insert, the three parallel
lists checked as FROST-Server checks them, PATCH and DELETE."""

from __future__ import annotations

from cityloop.sensing.models import MultiDatastream, Observation, ObservedProperty
from tests.sensing.api.multi_helpers import COMPLEX, MEASUREMENT, UNITS, body, create, error


def test_it_creates_one_linked_by_id_and_keeps_the_order_of_its_observed_properties(
        writer, network):
    level, pm25, status = network.properties
    created = create(writer, network, [status.pk, level.pk, pm25.pk])
    assert created["observationType"] == COMPLEX
    assert created["unitOfMeasurements"] == UNITS
    link = created["@iot.selfLink"]
    assert created["ObservedProperties@iot.navigationLink"] == link + "/ObservedProperties"
    listed = writer.json(f"MultiDatastreams({created['@iot.id']})/ObservedProperties")
    # the order given, not the order of the ids: the i-th is the i-th element of results
    assert [p["name"] for p in listed["value"]] == ["Status", "Water level", "PM2.5"]
    expanded = writer.json(f"MultiDatastreams({created['@iot.id']})",
                           **{"$expand": "ObservedProperties($select=name)"})
    assert [p["name"] for p in expanded["ObservedProperties"]] == [
        "Status", "Water level", "PM2.5"]


def test_it_takes_observation_type_as_implied(writer, network):
    data = body(network.things[0].pk, network.sensors[0].pk, [network.properties[0].pk])
    del data["observationType"]
    created = writer.post("MultiDatastreams", data).json()
    assert created["observationType"] == COMPLEX


def test_a_deep_insert_creates_everything_inside_a_thing(writer, db):
    response = writer.post("Things", {
        "name": "Roof station", "description": "School roof", "properties": {"public": True},
        "Locations": [{"name": "Roof", "description": "", "encodingType": "application/geo+json",
                       "location": {"type": "Point", "coordinates": [114.02, 22.53]}}],
        "MultiDatastreams": [{
            "name": "Air", "description": "Temperature and humidity",
            "observationType": COMPLEX, "unitOfMeasurements": UNITS[:2],
            "multiObservationDataTypes": [MEASUREMENT, MEASUREMENT],
            "Sensor": {"name": "SHT31", "description": "", "encodingType": "text/html",
                       "metadata": "https://x/sht31"},
            "ObservedProperties": [
                {"name": "Temperature", "definition": "https://x/t", "description": ""},
                {"name": "Humidity", "definition": "https://x/h", "description": ""}],
            "Observations": [{"phenomenonTime": "2024-05-01T08:00:00Z", "result": [21.5, 64]}],
        }],
    })
    assert response.status_code == 201, response.content
    thing = response.json()["@iot.id"]
    (mds,) = writer.json(f"Things({thing})/MultiDatastreams",
                         **{"$expand": "Sensor,ObservedProperties,Observations"})["value"]
    assert mds["Sensor"]["name"] == "SHT31"
    assert [p["name"] for p in mds["ObservedProperties"]] == ["Temperature", "Humidity"]
    (observation,) = mds["Observations"]
    assert observation["result"] == [21.5, 64]
    # its FeatureOfInterest came from the Thing's Location, and the area with it
    assert mds["observedArea"] == {"type": "Point", "coordinates": [114.02, 22.53]}
    assert mds["phenomenonTime"] == "2024-05-01T08:00:00Z/2024-05-01T08:00:00Z"


def test_it_refuses_lists_of_different_sizes_and_leaves_nothing(writer, network):
    ids = [p.pk for p in network.properties]
    thing, sensor = network.things[0].pk, network.sensors[0].pk
    message = error(writer.post("MultiDatastreams", body(thing, sensor, ids[:2],
                                                         unitOfMeasurements=UNITS)))
    assert "unitOfMeasurements (3)" in message and "multiObservationDataTypes (2)" in message
    message = error(writer.post("MultiDatastreams", body(thing, sensor, ids[:2],
                                                         ObservedProperties=[{"@iot.id": ids[0]}])))
    assert "ObservedProperties (1)" in message and "multiObservationDataTypes (2)" in message
    data = body(thing, sensor, ids[:1])
    del data["ObservedProperties"]
    assert "ObservedProperties (0)" in error(writer.post("MultiDatastreams", data))
    assert "twice" in error(writer.post("MultiDatastreams", body(
        thing, sensor, [ids[0], ids[0]])))
    assert not MultiDatastream.objects.exists()


def test_it_refuses_another_observation_type_and_lists_that_are_not_lists(writer, network):
    thing, sensor, one = network.things[0].pk, network.sensors[0].pk, [network.properties[0].pk]
    assert "OM_ComplexObservation" in error(writer.post("MultiDatastreams", body(
        thing, sensor, one, observationType=MEASUREMENT)))
    assert "JSON array of units" in error(writer.post("MultiDatastreams", body(
        thing, sensor, one, unitOfMeasurements=UNITS[0])))
    assert "observation type URIs" in error(writer.post("MultiDatastreams", body(
        thing, sensor, one, multiObservationDataTypes=[1])))
    assert "needs a Thing" in error(writer.post("MultiDatastreams", body(
        thing, sensor, one, Thing=None)))
    assert "has no property 'colour'" in error(writer.post(
        "MultiDatastreams", body(thing, sensor, one, colour="red")))


def test_it_cannot_be_added_from_the_observed_property_side(writer, network):
    level = network.properties[0]
    data = body(network.things[0].pk, network.sensors[0].pk, [level.pk])
    del data["ObservedProperties"]
    message = error(writer.post(f"ObservedProperties({level.pk})/MultiDatastreams", data))
    assert "cannot be added to an ObservedProperty" in message


def test_patch_changes_its_properties_and_replaces_its_observed_properties_in_order(
        writer, network):
    level, pm25, status = network.properties
    mds = create(writer, network, [level.pk, pm25.pk])["@iot.id"]
    response = writer.patch(f"MultiDatastreams({mds})", {"name": "Renamed"})
    assert response.status_code == 200 and response.json()["name"] == "Renamed"
    response = writer.patch(f"MultiDatastreams({mds})", {
        "ObservedProperties": [{"@iot.id": status.pk}, {"@iot.id": level.pk}]})
    assert response.status_code == 200, response.content
    listed = writer.json(f"MultiDatastreams({mds})/ObservedProperties")["value"]
    assert [p["@iot.id"] for p in listed] == [status.pk, level.pk]
    message = error(writer.patch(f"MultiDatastreams({mds})", {"unitOfMeasurements": UNITS}))
    assert "unitOfMeasurements (3)" in message
    assert "OM_ComplexObservation" in error(writer.patch(
        f"MultiDatastreams({mds})", {"observationType": MEASUREMENT}))
    assert MultiDatastream.objects.get(pk=mds).unit_of_measurements == UNITS[:2]


def test_delete_takes_its_observations_and_links_but_not_its_observed_properties(
        writer, network):
    mds = create(writer, network, [p.pk for p in network.properties[:2]])["@iot.id"]
    writer.post(f"MultiDatastreams({mds})/Observations", {"result": [1, 2]})
    assert Observation.objects.filter(multi_datastream=mds).count() == 1
    assert writer.delete(f"MultiDatastreams({mds})").status_code == 200
    assert not Observation.objects.filter(multi_datastream=mds).exists()
    assert ObservedProperty.objects.count() == 3
    assert writer.get(f"MultiDatastreams({mds})").status_code == 404


def test_deleting_an_observed_property_sensor_or_thing_deletes_its_multidatastreams(
        writer, network):
    level, pm25, _status = network.properties
    first = create(writer, network, [level.pk, pm25.pk])["@iot.id"]
    second = create(writer, network, [pm25.pk])["@iot.id"]
    assert writer.delete(f"ObservedProperties({level.pk})").status_code == 200
    assert list(MultiDatastream.objects.values_list("pk", flat=True)) == [second]
    assert writer.delete(f"Sensors({network.sensors[0].pk})").status_code == 200
    assert not MultiDatastream.objects.exists()
    third = create(writer, network, [pm25.pk], Sensor={"@iot.id": network.sensors[1].pk})
    assert writer.delete(f"Things({network.things[0].pk})").status_code == 200
    assert not MultiDatastream.objects.filter(pk=third["@iot.id"]).exists()
    assert first != second
