"""Finding places as someone types, and naming a pin (cityloop/geo/places/search.py)."""

from __future__ import annotations

import pytest

from cityloop.geo import index as area_index
from cityloop.geo.places.search import find, nearest
from tests.geo.places.fixtures import BINJIANG_123, HETANG_12

pytestmark = pytest.mark.usefixtures("places")


def names(text: str, **kwargs) -> list[str]:
    return [f.name for f in find(text, language="en", **kwargs)]


@pytest.mark.parametrize("text", ["Hetang Road", "Hetang Ro", "hetang", "Hetnag Road",
                                  "Hetang Rd", "HÉTANG road", "Hetangg"])
def test_the_road_comes_first_for_its_name_its_start_or_a_typo(text):
    assert names(text)[0] == "Hetang Road"


def test_the_address_is_found_by_number_and_street():
    assert names("123 Binjiang") == ["123 Binjiang Road"]
    assert names("12 Hetang Road")[0] == "12 Hetang Road"


def test_chinese_is_matched_by_characters_and_answered_in_the_language_asked():
    assert [f.name for f in find("荷塘", language="zh-hans")] == ["荷塘路", "荷塘路12号"]
    assert find("塘路", language="en")[0].name == "Hetang Road"
    assert [f.name for f in find("滨江路7", language="zh-hans")] == ["滨江路7号"]


def test_areas_are_places_too_with_the_district_they_belong_to():
    found = find("West N", language="en")[0]
    assert (found.name, found.kind, found.area) == ("West N Street", "area", "West District")
    road = find("Hetang Road", language="zh-hans")[0]
    assert road.area == "West N Street, 西区"


def test_a_position_orders_equal_matches_nearest_first_with_their_distance():
    near_west = find("binjiang road", lat=29.5401, lon=106.5801, language="en")
    assert [f.name for f in near_west] == ["Binjiang Road", "5 Binjiang Road",
                                           "123 Binjiang Road"]
    assert near_west[1].distance is not None and near_west[1].distance < 20
    near_east = find("binjiang road", lat=29.5402, lon=106.5701, language="en")
    assert [f.name for f in near_east] == ["Binjiang Road", "123 Binjiang Road",
                                           "5 Binjiang Road"]


def test_nothing_and_gibberish_find_nothing():
    assert names("") == []
    assert names("zzzzqqq") == []
    assert names("Hetang Qqqq") == []


def test_the_nearest_address_names_a_pin_else_the_nearest_road():
    lat, lon = HETANG_12[0] + 0.0001, HETANG_12[1]
    street = area_index.area_at(lat, lon)
    assert street is not None
    found = nearest(lat, lon, area_id=street.id, language="en")
    assert found is not None
    assert (found.name, found.kind) == ("12 Hetang Road", "address")
    assert found.area == "West N Street, West District"
    assert 5 < (found.distance or 0) < 20
    # 300 m east of the address: no address within 60 m, Hetang Road is 100 m north.
    road = nearest(29.579, 106.535, area_id=street.id, language="zh-hans")
    assert road is not None and (road.name, road.kind) == ("荷塘路", "road")
    # Where the road passes nearest the point, 110 m north, not the road's middle.
    assert (round(road.lat, 5), round(road.lon, 5)) == (29.58, 106.535)
    assert nearest(29.5402 + 0.01, BINJIANG_123[1] + 0.02, area_id=None) is None
