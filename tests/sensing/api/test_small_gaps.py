"""Small SensorThings conformance gaps (issue 12 §1): geo.length of a polygon, null
properties addressed directly, members of JSON properties as paths, the Datastream
repeated in a POST to its Observations, encodingType of a FeatureOfInterest, and the
duration between two times in $filter."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import Location, Observation
from tests.sensing.api.helpers import matching, refusal

SQUARE = {"type": "Polygon", "coordinates": [[[114.0, 22.5], [114.1, 22.5], [114.1, 22.6],
                                              [114.0, 22.6], [114.0, 22.5]]]}


def test_the_length_of_a_polygon_is_0(sta, network):
    Location.objects.create(name="Square", location=SQUARE)
    Location.objects.create(name="Embankment", location={
        "type": "LineString", "coordinates": [[114.0, 22.5], [114.0, 22.53]]})
    assert matching(sta, "Locations", "geo.length(location) gt 0") == ["Embankment"]
    assert matching(sta, "Locations", "geo.length(location) eq 0") == [
        "Bridge", "Park", "Square"]
    polygon = ("geography'POLYGON((114.0 22.5, 114.1 22.5, 114.1 22.6, 114.0 22.6, "
               "114.0 22.5))'")
    assert matching(sta, "Locations", f"geo.length({polygon}) eq 0") == [
        "Bridge", "Park", "Square", "Embankment"]


def test_a_null_property_answers_204(writer, network):
    created = writer.post("Things", {"name": "Bare", "description": ""})
    assert created.status_code == 201, created.content
    thing = created.json()["@iot.id"]
    assert created.json()["properties"] == {}
    for path in (f"Things({thing})/properties", f"Things({thing})/properties/$value"):
        response = writer.get(path)
        assert response.status_code == 204, (path, response.content)
        assert response.content == b""
    observation = network.observations[0].pk
    for path in (f"Observations({observation})/resultTime",
                 f"Observations({observation})/resultTime/$value"):
        assert writer.get(path).status_code == 204, path
    # A property with a value still answers it.
    assert writer.json(f"Observations({observation})/result") == {"result": 1}


def test_it_addresses_members_of_json_properties(sta, network):
    river, water = network.things[0].pk, network.datastreams[0].pk
    assert sta.json(f"Datastreams({water})/unitOfMeasurement/symbol") == {"symbol": "m"}
    response = sta.get(f"Datastreams({water})/unitOfMeasurement/symbol/$value")
    assert response.status_code == 200 and response.content.decode() == "m"
    assert sta.json(f"Things({river})/properties/owner") == {"owner": "water"}
    assert sta.json(f"Things({river})/properties/depth") == {"depth": 4}
    assert sta.get(f"Things({river})/properties/depth/$value").content == b"4"


@pytest.mark.parametrize("path", [
    "Datastreams({water})/unitOfMeasurement/colour",
    "Things({river})/properties/owner/name",
    "Things({river})/properties/nothing/$value",
])
def test_an_unknown_member_is_a_404(sta, network, path):
    response = sta.get(path.format(water=network.datastreams[0].pk, river=network.things[0].pk))
    assert response.status_code == 404
    assert response.json()["type"] == "error"
    assert "no member" in response.json()["message"]


def test_a_plain_property_has_no_members(sta, network):
    response = sta.get(f"Things({network.things[0].pk})/name/first")
    assert response.status_code == 400
    assert response.json()["type"] == "error"


def test_the_datastream_of_the_path_may_be_repeated_in_the_body(writer, network):
    stream = network.datastreams[0]
    response = writer.post(f"Datastreams({stream.pk})/Observations", {
        "phenomenonTime": "2024-05-02T10:00:00Z", "result": 42,
        "Datastream": {"@iot.id": stream.pk}})
    assert response.status_code == 201, response.content
    assert Observation.objects.get(pk=response.json()["@iot.id"]).datastream_id == stream.pk


def test_another_datastream_in_the_body_is_refused(writer, network):
    stream, other = network.datastreams[0], network.datastreams[1]
    before = Observation.objects.count()
    response = writer.post(f"Datastreams({stream.pk})/Observations", {
        "phenomenonTime": "2024-05-02T10:00:00Z", "result": 42,
        "Datastream": {"@iot.id": other.pk}})
    assert response.status_code == 400
    assert f"Datastreams({stream.pk})" in response.json()["message"]
    assert Observation.objects.count() == before


def test_a_feature_of_interest_needs_an_encoding_type(writer, network):
    body = {"name": "Weir", "description": "",
            "feature": {"type": "Point", "coordinates": [114.0, 22.5]}}
    response = writer.post("FeaturesOfInterest", body)
    assert response.status_code == 400
    assert "encodingType" in response.json()["message"]
    response = writer.post("FeaturesOfInterest", {**body, "encodingType": "application/geo+json"})
    assert response.status_code == 201, response.content


def test_a_feature_made_from_a_location_has_an_encoding_type(writer, network):
    response = writer.post(f"Datastreams({network.datastreams[1].pk})/Observations",
                           {"phenomenonTime": "2024-05-02T10:00:00Z", "result": 3})
    assert response.status_code == 201, response.content
    observation = response.json()["@iot.id"]
    feature = writer.json(f"Observations({observation})/FeatureOfInterest")
    assert feature["encodingType"] == "application/geo+json"


@pytest.mark.parametrize(("expression", "expected"), [
    ("phenomenonTime sub 2024-05-01T08:00:00Z gt duration'PT2M'", [4, 5]),
    ("phenomenonTime sub 2024-05-01T08:00:00Z le duration'PT1M'", [1, 2, 10, 20, "ok"]),
    ("2024-05-01T08:03:00Z sub phenomenonTime eq duration'PT1M'", [3, 30]),
    ("phenomenonTime sub 2024-05-01T08:00:00Z lt duration'P1D'", [1, 2, 3, 4, 5, 10, 20, 30,
                                                                  "ok"]),
    ("2024-05-02T08:00:00Z sub 2024-05-01T08:00:00Z eq duration'P1D'", [1, 2, 3, 4, 5, 10, 20,
                                                                         30, "ok"]),
])
def test_two_times_make_a_duration(sta, network, expression, expected):
    assert matching(sta, "Observations", expression, "result") == expected


def test_a_duration_compares_only_with_a_duration(sta, network):
    assert "duration" in refusal(sta, "Observations",
                                 "phenomenonTime sub 2024-05-01T08:00:00Z gt 5")
