"""The heat map's grid: fixed squares of ~150 m, counts per square, a legend of shades."""

from __future__ import annotations

import math

import pytest

from cityloop.web.participation.survey_heat import CELL_METRES, heat_map

pytestmark = pytest.mark.django_db


def metres(lat0: float, lon0: float, lat1: float, lon1: float) -> tuple[float, float]:
    """North-south and east-west extent in metres."""
    return ((lat1 - lat0) * 111_320, (lon1 - lon0) * 111_320 * math.cos(math.radians(lat0)))


def test_squares_are_as_wide_as_tall_wherever_they_are() -> None:
    for lat in (0.1, 29.58, 60.17):
        (cell,) = heat_map([(lat, 106.52)]).cells
        tall, wide = metres(cell.south, cell.west, cell.north, cell.east)
        assert tall == pytest.approx(CELL_METRES, rel=0.01)
        assert wide == pytest.approx(CELL_METRES, rel=0.02)
        assert cell.south <= lat < cell.north and cell.west <= 106.52 < cell.east


def test_near_points_share_a_square_and_far_ones_do_not() -> None:
    heat = heat_map([(29.58121, 106.52341), (29.58125, 106.52344), (29.5900, 106.5400)])
    assert sorted(c.count for c in heat.cells) == [1, 2]
    assert heat.entries == 3
    assert heat.busiest()[0].count == 2


def test_the_same_point_falls_in_the_same_square_every_time() -> None:
    one = heat_map([(29.58121, 106.52341)]).cells[0]
    again = heat_map([(29.58121, 106.52341), (29.5, 106.5)]).cells
    assert one.as_json()["b"] in [c.as_json()["b"] for c in again]


def test_the_legend_has_as_many_shades_as_the_counts_need() -> None:
    assert heat_map([]).legend == []
    assert heat_map([(29.58, 106.52)]).legend == [(1, 1, 1)]
    points = [(29.58, 106.52)] * 8 + [(29.59, 106.53)] * 3 + [(29.57, 106.51)]
    heat = heat_map(points)
    assert heat.legend == [(1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    assert {c.count: c.shade for c in heat.cells} == {8: 4, 3: 2, 1: 1}


def test_busiest_squares_are_named_by_the_street_at_their_middle(city: object) -> None:
    heat = heat_map([(29.58, 106.52), (29.54, 106.58), (29.54, 106.58)])
    assert [(c.place, c.count) for c in heat.busiest()] == [("East S Street", 2),
                                                             ("West N Street", 1)]
