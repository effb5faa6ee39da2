from cityloop.warnings.areas import covered_area_ids
from tests.citydata import square
from tests.warnings.helpers import draft


def _codes(city, ids):
    return {code for code, area in city.areas.items() if area.pk in ids}


def test_an_area_reaches_every_area_inside_it(city):
    warning = draft(city.areas["west"])
    assert _codes(city, covered_area_ids(warning)) == {"west", "west_n", "west_s"}


def test_a_polygon_reaches_the_areas_it_touches_but_not_the_whole_city(city):
    warning = draft(polygon=square(106.56, 29.57, 106.58, 29.59))  # inside east_n
    assert _codes(city, covered_area_ids(warning)) == {"east", "east_n"}


def test_a_polygon_over_the_whole_city_reaches_the_city(city):
    warning = draft(polygon=square(106.40, 29.40, 106.70, 29.70))
    assert "testcity" in _codes(city, covered_area_ids(warning))
