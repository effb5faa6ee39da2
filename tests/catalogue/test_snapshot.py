"""The in-process catalogue copy follows changes that reach departments without
saving them."""

from __future__ import annotations

from cityloop.catalogue import snapshot
from cityloop.geo.models import Area
from tests.conftest import City


def test_deleting_an_area_renews_the_copy_of_the_units_responsible_for_it(city: City) -> None:
    team = city.departments["roads_west_n"]
    assert snapshot.current().departments[team.pk].area_id == city.areas["west_n"].pk

    # SET_NULL empties Department.area with one UPDATE: no Department signal.
    Area.objects.filter(code="west_n").delete()

    assert snapshot.current().departments[team.pk].area_id is None
