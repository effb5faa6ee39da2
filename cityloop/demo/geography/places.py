"""Jiangcheng's landmarks (schools, hospitals, metro stations, markets, offices)
and the numbered addresses along its roads."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from cityloop.demo import geometry
from cityloop.demo.geography.nature import Area
from cityloop.demo.geography.plane import Plane
from cityloop.demo.geography.roads import STREET_ZH, Road

STATION_SPACING = 1_300.0  # metres between metro stations along an avenue
ADDRESS_SPACING = 640.0  # metres between numbered doors along a road, each side
ADDRESS_SETBACK = 18.0  # metres from the road's centre line to the door
NUMBER_STEP_M = 10.0  # one house number per 10 m of road, as Chinese streets are numbered

# kind -> OSM tags, and the (Chinese, English) pattern of its name.
KINDS: dict[str, tuple[dict[str, str], str, str]] = {
    "school": ({"amenity": "school"}, "{zh}小学", "{en} Primary School"),
    "market": ({"amenity": "marketplace"}, "{zh}菜市场", "{en} Market"),
    "government": ({"amenity": "townhall", "townhall:type": "sub_district"},
                   "{zh}街道办事处", "{en} Sub-district Office"),
    "police": ({"amenity": "police"}, "{zh}派出所", "{en} Police Station"),
}
DISTRICT_KINDS: dict[str, tuple[dict[str, str], str, str]] = {
    "government": ({"amenity": "townhall", "townhall:type": "district"},
                   "{zh}区人民政府", "{en} District Government"),
    "hospital": ({"amenity": "hospital"}, "{zh}区人民医院", "{en} District People's Hospital"),
    "school": ({"amenity": "school"}, "{zh}中学", "{en} Middle School"),
    "library": ({"amenity": "library"}, "{zh}区图书馆", "{en} District Library"),
}


@dataclass
class Landmark:
    zh: str
    en: str
    kind: str
    tags: dict[str, str]
    point: Point


def _spot(cell: BaseGeometry, blocked: BaseGeometry, rng: np.random.Generator) -> Point:
    """A random dry point well inside the cell."""
    inner = cell.buffer(-120).difference(blocked.buffer(60))
    inner = inner if not inner.is_empty else cell
    min_x, min_y, max_x, max_y = inner.bounds
    while True:
        point = Point(rng.uniform(min_x, max_x), rng.uniform(min_y, max_y))
        if inner.contains(point):
            return point


def landmarks(plane: Plane, roads: list[Road], parks: list[Area], blocked: BaseGeometry,
              rng: np.random.Generator) -> list[Landmark]:
    found = []
    for code, district_zh, _, _, streets in geometry.DISTRICTS:
        for kind, (tags, zh, en) in DISTRICT_KINDS.items():
            point = _spot(plane.districts[code], blocked, rng)
            found.append(Landmark(zh.format(zh=district_zh), en.format(en=code.capitalize()),
                                  kind, tags, point))
        for street, street_zh in streets:
            for kind, (tags, zh, en) in KINDS.items():
                point = _spot(plane.streets[code, street], blocked, rng)
                found.append(Landmark(zh.format(zh=street_zh), en.format(en=street.capitalize()),
                                      kind, tags, point))
    found.append(Landmark("江城市第一人民医院", "Jiangcheng No.1 People's Hospital", "hospital",
                          {"amenity": "hospital"}, _spot(plane.streets["laocheng", "wenmiao"],
                                                         blocked, rng)))
    found.append(Landmark("江城市人民政府", "Jiangcheng Municipal Government", "government",
                          {"amenity": "townhall", "townhall:type": "city"},
                          _spot(plane.streets["beian", "heping"], blocked, rng)))
    found += [Landmark(p.zh, p.en, "park", p.tags, p.shape.point_on_surface()) for p in parks]
    return found + stations(plane, roads)


def stations(plane: Plane, roads: list[Road]) -> list[Landmark]:
    """Metro stations along the avenues, named after the sub-district or the road crossed."""
    found: list[Landmark] = []
    used: set[str] = set()
    crossing = [r for r in roads if r.highway in ("secondary", "tertiary")]
    for road in roads:
        if road.highway != "primary" or road.bridge:
            continue
        for line in shapely.get_parts(road.shape):
            for at in np.arange(STATION_SPACING / 2, line.length, STATION_SPACING):
                point = line.interpolate(at)
                if any(point.distance(s.point) < STATION_SPACING * 0.7 for s in found):
                    continue
                district, street = plane.street_at(point)
                zh = STREET_ZH[district, street]
                zh_name, en_name = f"{zh}站", f"{street.capitalize()} Station"
                if zh_name in used:
                    near = min(crossing, key=lambda r: r.shape.distance(point))
                    zh_name, en_name = f"{near.zh}站", f"{near.en} Station"
                if zh_name in used:
                    continue
                used.add(zh_name)
                found.append(Landmark(zh_name, en_name, "station",
                                      {"railway": "station", "station": "subway"}, point))
    return found


def addresses(roads: list[Road]) -> list[tuple[Road, str, Point]]:
    """Numbered doors both sides of each road: odd numbers left, even right, rising along it."""
    doors = []
    for road in roads:
        if road.bridge:
            continue
        start = 0.0
        for line in shapely.get_parts(road.shape):
            for at in np.arange(ADDRESS_SPACING / 2, line.length, ADDRESS_SPACING):
                a, b = line.interpolate(max(at - 5, 0)), line.interpolate(min(at + 5, line.length))
                length = math.hypot(b.x - a.x, b.y - a.y) or 1.0
                nx, ny = -(b.y - a.y) / length, (b.x - a.x) / length  # left of the way
                base = 2 * int((start + at) / NUMBER_STEP_M / 2) + 1
                centre = line.interpolate(at)
                for side, number in ((1, base), (-1, base + 1)):
                    door = Point(centre.x + side * nx * ADDRESS_SETBACK,
                                 centre.y + side * ny * ADDRESS_SETBACK)
                    doors.append((road, str(number), door))
            start += line.length
    return doors
