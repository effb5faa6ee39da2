"""Finding the areas at a point: every level, borders, and areas that change."""

from __future__ import annotations

import pytest

from cityloop.cases import routing
from cityloop.cases.errors import SubmissionRejected
from cityloop.geo import index
from cityloop.geo.models import Area
from tests import citydata


def codes_at(point: tuple[float, float]) -> list[str]:
    return [hit.code for hit in index.areas_at(*point)]


@pytest.mark.usefixtures("city")
def test_it_finds_the_area_at_every_level():
    for point, expected in [
        (citydata.INSIDE_WEST_N, ["testcity", "west", "west_n"]),
        (citydata.INSIDE_WEST_S, ["testcity", "west", "west_s"]),
        (citydata.INSIDE_EAST_N, ["testcity", "east", "east_n"]),
        (citydata.INSIDE_EAST_S, ["testcity", "east", "east_s"]),
    ]:
        assert codes_at(point) == expected
        hit = index.area_at(*point)
        assert hit is not None and hit.code == expected[-1]
    assert codes_at(citydata.OUTSIDE) == []
    assert index.area_at(*citydata.OUTSIDE) is None


@pytest.mark.usefixtures("city")
def test_it_gives_a_border_point_to_the_area_created_first_every_time():
    on_the_border = (29.58, 106.55)  # between west and east districts
    on_the_corner = (29.56, 106.55)  # where all four streets meet
    on_the_edge = (29.52, 106.52)  # the city's own southern edge
    for _ in range(3):
        assert codes_at(on_the_border) == ["testcity", "west", "west_n"]
        assert codes_at(on_the_corner) == ["testcity", "west", "west_n"]
        assert codes_at(on_the_edge) == ["testcity", "west", "west_s"]
        index.touch()  # rebuilt from scratch: the same answer


def test_it_sees_an_area_edited_in_the_admin(city):
    inside_west_n_east_half = (29.58, 106.54)
    assert codes_at(inside_west_n_east_half) == ["testcity", "west", "west_n"]
    before = index.current_token()
    west_n = city.areas["west_n"]
    west_n.geometry = citydata.square(106.50, 29.56, 106.52, 29.60)
    west_n.save()
    assert index.current_token() != before
    assert codes_at(inside_west_n_east_half) == ["testcity", "west"]
    assert codes_at((29.58, 106.51)) == ["testcity", "west", "west_n"]


def test_it_sees_an_area_changed_by_another_process(city):
    # Another machine rewrote the row and renewed the revision token.
    Area.objects.filter(code="east_s").update(geometry=citydata.square(106.58, 29.52, 106.60,
                                                                       29.56))
    index.touch()
    assert codes_at((29.54, 106.56)) == ["testcity", "east"]
    assert codes_at((29.54, 106.59)) == ["testcity", "east", "east_s"]


def test_it_routes_to_the_district_office_once_the_street_is_deleted(city, make_case):
    city.areas["west_n"].delete()
    assert codes_at(citydata.INSIDE_WEST_N) == ["testcity", "west"]
    case = make_case(lat=citydata.INSIDE_WEST_N[0], lon=citydata.INSIDE_WEST_N[1])
    assert (case.department.code, case.area.code) == ("roads_west", "west")


def test_it_finds_nothing_once_every_area_is_deleted(city):
    for level in ("street", "district", "city"):
        for area in Area.objects.filter(level=level):
            area.delete()
    assert codes_at(citydata.INSIDE_EAST_S) == []
    with pytest.raises(SubmissionRejected) as refusal:
        routing.locate(*citydata.INSIDE_EAST_S)
    assert refusal.value.first("outside_city") is not None
