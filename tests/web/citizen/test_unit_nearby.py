"""nearby: where a pin is, and the public open cases of the same kind around it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.web.citizen import nearby
from tests import citydata
from tests.web.citizen.conftest import category


def test_it_names_the_areas_at_a_point(city):
    lat, lon = citydata.INSIDE_WEST_N
    place = nearby.where(str(lat), str(lon))
    assert place.ok and place.name == "West N Street, West District"


def test_it_says_a_point_is_outside(city):
    lat, lon = citydata.OUTSIDE
    place = nearby.where(str(lat), str(lon))
    assert (place.ok, place.code) == (False, "outside_city")
    assert nearby.where("", "").ok is False


def test_it_lists_open_public_cases_nearest_first(city, make_case):
    lat, lon = citydata.INSIDE_EAST_S
    far = make_case(lat=lat + 0.001, description="x" * 500)
    near = make_case(lat=lat + 0.0002)
    found = nearby.possible_duplicates(category("pothole"), lat, lon, timezone.now())
    assert [c.reference for c in found] == [near.reference, far.reference]
    assert found[0].distance_m == 20
    assert len(found[1].excerpt) <= nearby.EXCERPT_CHARS
    assert found[0].status == "New"


def test_it_lists_no_old_or_sensitive_cases(city, make_case):
    lat, lon = citydata.INSIDE_EAST_S
    make_case(now=timezone.now() - timedelta(days=30))
    make_case(service_code="noise", attributes={"source": "construction"})
    now = timezone.now()
    assert nearby.possible_duplicates(category("pothole"), lat, lon, now) == []
    assert nearby.possible_duplicates(category("noise"), lat, lon, now) == []


def test_it_needs_a_category_and_a_point(city, make_case):
    make_case()
    lat, lon = citydata.INSIDE_EAST_S
    now = timezone.now()
    assert nearby.duplicates_for("", str(lat), str(lon), now) == []
    assert nearby.duplicates_for("pothole", "", "", now) == []
    assert nearby.duplicates_for("pothole", "north", "east", now) == []
    assert len(nearby.duplicates_for("pothole", str(lat), str(lon), now)) == 1
