"""A small, exact test city: squares whose borders are easy to reason about.

    lon 106.50 ──────── 106.55 ──────── 106.60
    lat 29.60 ┌──────────┬──────────┐
              │ west-n   │ east-n   │
    lat 29.56 ├──────────┼──────────┤   city "testcity"
              │ west-s   │ east-s   │   districts "west", "east"
    lat 29.52 └──────────┴──────────┘   streets "west_n", "west_s", "east_n", "east_s"

Departments come from the default catalogue; the roads bureau has a unit
per district, and the west roads office a street team for west_n (three
levels), so routing can be tested at every depth.
"""

from __future__ import annotations

from typing import Any

from cityloop.catalogue.loader import DEFAULT_CATALOGUE, load_file
from cityloop.catalogue.models import Department
from cityloop.geo.models import Area

INSIDE_WEST_N = (29.58, 106.52)
INSIDE_WEST_S = (29.54, 106.52)
INSIDE_EAST_N = (29.58, 106.58)
INSIDE_EAST_S = (29.54, 106.58)
OUTSIDE = (29.70, 106.70)
AREA_CODES = ("testcity", "west", "east", "west_n", "west_s", "east_n", "east_s")


def square(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def build_city() -> dict[str, Area]:
    city = Area.objects.create(
        code="testcity", name="Test City", name_i18n={"zh-hans": "测试市"}, level="city",
        geometry=square(106.50, 29.52, 106.60, 29.60),
    )
    areas = {"testcity": city}
    districts = (("west", 106.50, 106.55, "西区"), ("east", 106.55, 106.60, "东区"))
    for code, lon0, lon1, zh in districts:
        district = Area.objects.create(
            code=code, name=f"{code.title()} District", name_i18n={"zh-hans": zh},
            level="district", parent=city, geometry=square(lon0, 29.52, lon1, 29.60),
        )
        areas[code] = district
        for half, lat0, lat1 in (("n", 29.56, 29.60), ("s", 29.52, 29.56)):
            street = Area.objects.create(
                code=f"{code}_{half}", name=f"{code.title()} {half.upper()} Street",
                level="street", parent=district, geometry=square(lon0, lat0, lon1, lat1),
            )
            areas[street.code] = street
    return areas


def build_departments(areas: dict[str, Area]) -> dict[str, Department]:
    load_file(DEFAULT_CATALOGUE)
    roads = Department.objects.get(code="roads")
    west = Department.objects.create(
        code="roads_west", name="Roads West Office", parent=roads, area=areas["west"]
    )
    east = Department.objects.create(
        code="roads_east", name="Roads East Office", parent=roads, area=areas["east"]
    )
    team = Department.objects.create(
        code="roads_west_n", name="West N Road Team", parent=west, area=areas["west_n"]
    )
    return {d.code: d for d in Department.objects.all()} | {
        "roads_west": west, "roads_east": east, "roads_west_n": team
    }
