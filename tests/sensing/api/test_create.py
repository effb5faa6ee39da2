"""POST an entity (OGC 18-088 §10.2): 201, a Location header and the entity."""

from __future__ import annotations

from cityloop.sensing.models import HistoricalLocation, Location, Observation, Thing

POINT = {"type": "Point", "coordinates": [114.05, 22.54]}


def test_it_creates_an_entity(writer, db):
    response = writer.post("Things", {"name": "Pump station", "description": "East pumps",
                                      "properties": {"pumps": 3}})
    assert response.status_code == 201, response.content
    thing = Thing.objects.get()
    assert response["Location"] == f"http://testserver/sta/v1.1/Things({thing.pk})"
    body = response.json()
    assert body["@iot.id"] == thing.pk
    assert body["properties"] == {"pumps": 3}
    assert (thing.name, thing.description) == ("Pump station", "East pumps")


def test_it_computes_the_point_of_a_new_location(writer, db):
    response = writer.post("Locations", {"name": "Gate", "description": "", "location": POINT,
                                         "encodingType": "application/geo+json"})
    assert response.status_code == 201, response.content
    location = Location.objects.get()
    assert (location.lat, location.lon) == (22.54, 114.05)


def test_it_creates_in_a_navigation_collection(writer, network):
    thing = network.things[0]
    response = writer.post(f"Things({thing.pk})/Datastreams", {
        "name": "Flow", "description": "Flow rate", "observationType": "OM_Measurement",
        "unitOfMeasurement": {"name": "cubic metre per second", "symbol": "m³/s"},
        "Sensor": {"@iot.id": network.sensors[0].pk},
        "ObservedProperty": {"name": "Flow", "definition": "https://x/flow"},
    })
    assert response.status_code == 201, response.content
    assert thing.datastreams.filter(name="Flow").exists()


def test_it_moves_a_thing_to_a_new_location_and_records_it(writer, network):
    thing = network.things[0]
    before = HistoricalLocation.objects.filter(thing=thing).count()
    response = writer.post(f"Things({thing.pk})/Locations", {
        "name": "Upstream", "description": "", "location": {"type": "Point",
                                                             "coordinates": [114.0, 22.5]},
        "encodingType": "application/geo+json"})
    assert response.status_code == 201, response.content
    assert [loc.name for loc in thing.locations.all()] == ["Upstream"]
    assert HistoricalLocation.objects.filter(thing=thing).count() == before + 1
    latest = HistoricalLocation.objects.filter(thing=thing).latest("id")
    assert [loc.name for loc in latest.locations.all()] == ["Upstream"]


def test_it_creates_an_observation_through_ingest(writer, network):
    stream = network.datastreams[0]
    response = writer.post("Observations", {
        "phenomenonTime": "2024-05-02T10:00:00+08:00", "result": 7.5,
        "Datastream": {"@iot.id": stream.pk}})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == 7.5
    assert body["phenomenonTime"] == "2024-05-02T02:00:00Z"
    assert Observation.objects.get(pk=body["@iot.id"]).datastream_id == stream.pk


def test_it_creates_an_observation_under_its_datastream(writer, network):
    stream = network.datastreams[1]
    response = writer.post(f"Datastreams({stream.pk})/Observations",
                           {"phenomenonTime": "2024-05-02T10:00:00Z", "result": 42})
    assert response.status_code == 201, response.content
    assert response["Location"].startswith("http://testserver/sta/v1.1/Observations(")


def test_it_creates_an_observation_with_a_new_feature_of_interest(writer, network):
    response = writer.post(f"Datastreams({network.datastreams[0].pk})/Observations", {
        "phenomenonTime": "2024-05-02T10:00:00Z", "result": 1,
        "FeatureOfInterest": {"name": "Weir", "description": "", "feature": POINT,
                              "encodingType": "application/geo+json"}})
    assert response.status_code == 201, response.content
    obs = Observation.objects.get(pk=response.json()["@iot.id"])
    assert obs.feature_of_interest is not None and obs.feature_of_interest.name == "Weir"


def test_it_refuses_an_observation_without_a_datastream(writer, network):
    response = writer.post("Observations", {"result": 1})
    assert response.status_code == 400
    assert response.json()["message"].startswith("Observation needs a Datastream")
