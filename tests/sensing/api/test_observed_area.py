"""Datastream.observedArea (OGC 18-088 §8.2.4): the convex hull of the FeaturesOfInterest of
its Observations, kept by ingest, served as GeoJSON and usable in geospatial filters."""

from __future__ import annotations

import pytest

from cityloop.sensing.ingest.area import fill_all
from cityloop.sensing.models import Datastream, FeatureOfInterest, Observation
from tests.sensing.api.helpers import matching


def _feature(name, lon, lat):
    return {"name": name, "description": "", "encodingType": "application/geo+json",
            "feature": {"type": "Point", "coordinates": [lon, lat]}}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the area is widened after it)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _observe(writer, stream, feature, minute=0, *, committed):
    body = {"phenomenonTime": f"2024-05-02T10:{minute:02d}:00Z", "result": 1}
    if feature is not None:
        body["FeatureOfInterest"] = feature
    with committed():
        response = writer.post(f"Datastreams({stream.pk})/Observations", body)
    assert response.status_code == 201, response.content
    return response.json()


def _area(sta, stream):
    return sta.json(f"Datastreams({stream.pk})")["observedArea"]


def test_it_grows_from_a_point_to_a_polygon(writer, network, committed):
    stream = network.datastreams[1]
    assert _area(writer, stream) is None
    _observe(writer, stream, _feature("A", 114.0, 22.5), committed=committed)
    assert _area(writer, stream) == {"type": "Point", "coordinates": [114.0, 22.5]}
    _observe(writer, stream, _feature("B", 114.2, 22.5), 1, committed=committed)
    assert _area(writer, stream)["type"] == "LineString"
    _observe(writer, stream, _feature("C", 114.1, 22.7), 2, committed=committed)
    area = _area(writer, stream)
    assert area["type"] == "Polygon"
    assert sorted(map(tuple, area["coordinates"][0][:-1])) == [
        (114.0, 22.5), (114.1, 22.7), (114.2, 22.5)]
    # A feature inside changes nothing.
    _observe(writer, stream, _feature("Inside", 114.1, 22.55), 3, committed=committed)
    assert _area(writer, stream) == area


def test_a_feature_made_from_the_location_counts(writer, network, committed):
    stream = network.datastreams[1]  # the air station, in the park
    _observe(writer, stream, None, committed=committed)
    assert _area(writer, stream) == {"type": "Point", "coordinates": [114.10, 22.60]}


def test_it_can_be_filtered_on(writer, network, committed):
    stream = network.datastreams[1]
    for minute, (lon, lat) in enumerate(((114.0, 22.5), (114.2, 22.5), (114.1, 22.7))):
        _observe(writer, stream, _feature(f"F{minute}", lon, lat), minute, committed=committed)
    near = "geography'POLYGON((114.05 22.45, 114.15 22.45, 114.15 22.55, 114.05 22.55, " \
           "114.05 22.45))'"
    assert matching(writer, "Datastreams", f"geo.intersects(observedArea, {near})") == [
        "PM2.5 in the park"]
    assert matching(writer, "Datastreams",
                    "st_contains(observedArea, geography'POINT(114.1 22.55)')") == [
        "PM2.5 in the park"]
    assert matching(writer, "Datastreams",
                    "st_contains(observedArea, geography'POINT(114.3 22.55)')") == []


def test_patching_an_observation_to_another_feature_widens_it(writer, network, committed):
    stream = network.datastreams[1]
    created = _observe(writer, stream, _feature("A", 114.0, 22.5), committed=committed)
    far = FeatureOfInterest.objects.create(
        name="Far", encoding_type="application/geo+json",
        feature={"type": "Point", "coordinates": [115.0, 22.5]})
    with committed():
        response = writer.patch(f"Observations({created['@iot.id']})",
                                {"FeatureOfInterest": {"@iot.id": far.pk}})
    assert response.status_code == 200, response.content
    assert _area(writer, stream)["type"] == "LineString"


def test_the_migration_fills_it_for_stored_observations(network):
    water = network.datastreams[0]  # observations made with the ORM, one feature
    other = FeatureOfInterest.objects.create(
        name="Upstream", feature={"type": "Point", "coordinates": [114.0, 22.5]})
    Observation.objects.filter(pk=network.observations[0].pk).update(feature_of_interest=other)
    fill_all(Datastream.objects, Observation.objects, FeatureOfInterest.objects)
    water.refresh_from_db()
    assert water.observed_area == {"type": "LineString",
                                   "coordinates": [[114.0, 22.5], [114.05, 22.54]]}
    assert Datastream.objects.get(pk=network.datastreams[1].pk).observed_area is None
