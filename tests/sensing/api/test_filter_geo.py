"""Geospatial $filter functions (OGC 18-088 §9.3.3.5.2), evaluated with shapely.

The bridge is at (114.05, 22.54), the park at (114.10, 22.60), longitude first."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import Location
from tests.sensing.api.helpers import matching, refusal

AROUND_BRIDGE = ("geography'POLYGON((114.0 22.5, 114.07 22.5, 114.07 22.56, 114.0 22.56, "
                 "114.0 22.5))'")
EVERYWHERE = "geography'POLYGON((100 10, 120 10, 120 30, 100 30, 100 10))'"


@pytest.mark.parametrize(("expression", "expected"), [
    (f"st_within(location, {AROUND_BRIDGE})", ["Bridge"]),
    (f"st_intersects(location, {AROUND_BRIDGE})", ["Bridge"]),
    (f"geo.intersects(location, {AROUND_BRIDGE})", ["Bridge"]),
    (f"st_disjoint(location, {AROUND_BRIDGE})", ["Park"]),
    (f"st_contains({AROUND_BRIDGE}, location)", ["Bridge"]),
    ("st_equals(location, geography'POINT(114.10 22.60)')", ["Park"]),
    ("st_touches(location, geography'LINESTRING(114.10 22.60, 114.2 22.7)')", ["Park"]),
    ("st_crosses(geography'LINESTRING(114.0 22.5, 114.2 22.7)', location)", []),
    (f"st_overlaps(location, {AROUND_BRIDGE})", []),
    (f"st_relate(location, {AROUND_BRIDGE}, 'T*F**F***')", ["Bridge"]),
    (f"st_within(location, {EVERYWHERE}) and name ne 'Bridge'", ["Park"]),
    (f"st_within(location, {AROUND_BRIDGE}) or name eq 'Park'", ["Bridge", "Park"]),
    (f"not st_within(location, {AROUND_BRIDGE})", ["Park"]),
])
def test_it_has_the_spatial_predicates(sta, network, expression, expected):
    assert matching(sta, "Locations", expression) == expected


def test_it_measures_distances_in_degrees(sta, network):
    assert matching(sta, "Locations",
                    "geo.distance(location, geography'POINT(114.05 22.55)') lt 0.02") == ["Bridge"]
    assert matching(sta, "Locations",
                    "geo.distance(location, geography'POINT(114.05 22.55)') gt 0.02") == ["Park"]
    assert matching(sta, "Locations",
                    "0.02 gt geo.distance(location, geography'POINT(114.05 22.55)')") == ["Bridge"]


def test_it_measures_lengths(sta, network):
    Location.objects.create(name="Embankment", description="", location={
        "type": "LineString", "coordinates": [[114.0, 22.5], [114.0, 22.53]]})
    assert matching(sta, "Locations", "geo.length(location) gt 0.02") == ["Embankment"]


def test_it_filters_through_navigation_to_a_geometry(sta, network):
    assert matching(sta, "Things", f"st_within(Locations/location, {AROUND_BRIDGE})") == [
        "River gauge"]
    assert matching(sta, "Datastreams",
                    f"st_within(Thing/Locations/location, {AROUND_BRIDGE})") == [
        "Water level at the bridge"]
    assert matching(sta, "Observations",
                    f"st_within(FeatureOfInterest/feature, {AROUND_BRIDGE})", "result") == [
        1, 2, 3, 4, 5]


def test_it_matches_polygon_locations_whose_point_is_elsewhere(sta, network):
    Location.objects.create(name="District", description="", location={
        "type": "Polygon",
        "coordinates": [[[113.0, 21.0], [115.0, 21.0], [115.0, 23.0], [113.0, 23.0],
                         [113.0, 21.0]]]})
    assert matching(sta, "Locations", f"st_intersects(location, {AROUND_BRIDGE})") == [
        "Bridge", "District"]


def test_it_keeps_the_point_of_each_location(network):
    bridge = network.locations[0]
    assert (bridge.lat, bridge.lon) == (22.54, 114.05)
    polygon = Location.objects.create(name="Square", description="", location={
        "type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]})
    assert polygon.lat is not None and polygon.lon is not None
    assert 0 < polygon.lat < 2 and 0 < polygon.lon < 2


def test_it_refuses_bad_geometries(sta, network):
    message = refusal(sta, "Locations", "st_within(location, geography'POLYGON((1 2')")
    assert message.startswith("$filter: POLYGON((1 2 is not valid WKT")
    assert message.endswith("at position 20.")
    assert "expects a geometry" in refusal(sta, "Locations", "st_within(name, " + EVERYWHERE + ")")
    assert "literal" in refusal(sta, "Things",
                                "st_within(Locations/location, Locations/location)")
