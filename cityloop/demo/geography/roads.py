"""Jiangcheng's road network: arterials and a ring road across the river, a
grid in each district bent like the land, and the lanes of the old town.

Every road is one named feature (a MultiLineString when water or a district
edge cuts it); the part of an arterial over the river is its own bridge.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from cityloop.demo import geometry
from cityloop.demo.geography.names import RoadNamer
from cityloop.demo.geography.plane import Plane

MAJOR_SPACING = 560.0  # metres between the grid's roads in every district
LANE_SPACING = 170.0  # ... and between the old town's lanes
LANE_MAX = 650.0  # a lane longer than this is cut in two: 巷 are short
MIN_LENGTH = 140.0
MAX_BRIDGE = 700.0  # metres: the river is 340 m wide; a longer crossing runs along it
# Denser streets where a district grew round its centre (km from the city centre).
CORES = {"laocheng": 2.4, "dongmen": 1.3, "daxuecheng": 1.3, "binjiang": 1.4, "beian": 1.1}
# Grid orientation per bank (radians): the north bank's streets follow its ridge.
GRID_ANGLE = {"north": math.radians(14), "south": math.radians(-9)}


STREET_ZH = {(d[0], code): zh for d in geometry.DISTRICTS for code, zh in d[4]}


@dataclass
class Road:
    zh: str
    en: str
    highway: str
    shape: BaseGeometry
    bridge: bool = False


def grid_lines(bounds: tuple[float, float, float, float], angle: float, spacing: float,
               offset: float) -> list[LineString]:
    """Parallel lines both ways across bounds, rotated by angle."""
    min_x, min_y, max_x, max_y = bounds
    cx, cy = (min_x + max_x) / 2, (min_y + max_y) / 2
    half = math.hypot(max_x - min_x, max_y - min_y) / 2
    c, s = math.cos(angle), math.sin(angle)
    lines = []
    for k in np.arange(-half + offset, half, spacing):
        for ux, uy, vx, vy in ((c, s, -s, c), (-s, c, c, s)):
            # Along direction u, shifted by k along v.
            x0, y0 = cx + vx * k - ux * half, cy + vy * k - uy * half
            x1, y1 = cx + vx * k + ux * half, cy + vy * k + uy * half
            lines.append(LineString([(x0, y0), (x1, y1)]))
    return lines


def pieces(shape: BaseGeometry) -> list[LineString]:
    parts = [p for p in shapely.get_parts(shapely.line_merge(shape)) if p.geom_type == "LineString"]
    return [p for p in parts if p.length >= MIN_LENGTH]


def cut(line: LineString, most: float) -> list[LineString]:
    """line in pieces no longer than most, of even length."""
    count = max(1, math.ceil(line.length / most))
    step = line.length / count
    return [substring(line, i * step, (i + 1) * step) for i in range(count)]


def bent(line: BaseGeometry, phase: np.ndarray) -> BaseGeometry:
    return shapely.simplify(geometry.warp(line, phase), 1.5)


def arterials(plane: Plane, rng: np.random.Generator) -> list[tuple[str, str, BaseGeometry]]:
    """The ring road and the avenues through the centre, with their Chinese word."""
    theta = np.linspace(0, 2 * math.pi, 200)
    ring = LineString(np.column_stack([-300 + 4_600 * np.cos(theta), 700 + 3_300 * np.sin(theta)]))
    ways = [("环城", "Huancheng", ring)]
    for (zh, en), degrees, (x, y) in (
        (("长江", "Changjiang"), 8, (0, 600)), (("人民", "Renmin"), 78, (-600, 800)),
        (("解放", "Jiefang"), 128, (1_200, 300)), (("建设", "Jianshe"), 42, (-3_000, -1_000)),
        (("滨江", "Binjiang"), -4, (0, -2_300)), (("学府", "Xuefu"), 96, (-6_300, 500)),
        (("港城", "Gangcheng"), 60, (6_800, -2_000)),
    ):
        a = math.radians(degrees)
        dx, dy = math.cos(a) * 14_000, math.sin(a) * 14_000
        ways.append((zh, en, LineString([(x - dx, y - dy), (x + dx, y + dy)])))
    phase = rng.uniform(0, 2 * math.pi, 4)
    return [(zh, en, bent(way, phase).intersection(plane.city)) for zh, en, way in ways]


def build_roads(plane: Plane, blocked: BaseGeometry, parks: BaseGeometry,
                rng: np.random.Generator) -> list[Road]:
    """Every road, arterials first; blocked is water no road but a bridge crosses."""
    namer = RoadNamer(random.Random(geometry.SEED), [
        (zh, name) for _, _, _, _, streets in geometry.DISTRICTS for name, zh in streets])
    roads = []
    for zh, en, way in arterials(plane, rng):
        spans = pieces(way.intersection(plane.river))
        # A stretch "over" the river that runs along it is no bridge: the
        # avenue stops at the bank there instead.
        along = [s for s in spans if s.length > MAX_BRIDGE]
        way = way.difference(plane.river.intersection(shapely.union_all(along).buffer(1)))
        namer.used.add(f"{zh}大道")
        roads.append(Road(f"{zh}大道", f"{en} Avenue", "primary", way.difference(plane.river)))
        for i, span in enumerate(s for s in spans if s.length <= MAX_BRIDGE):
            name = namer.name("大桥", [(zh, en)] if i == 0 else [])
            roads.append(Road(*name, "primary", span, bridge=True))
    land = plane.city.difference(blocked.buffer(25))
    for bank, angle in GRID_ANGLE.items():
        phase = rng.uniform(0, 2 * math.pi, 4)
        lines = grid_lines(plane.city.bounds, angle, MAJOR_SPACING, rng.uniform(0, MAJOR_SPACING))
        on_bank = [d for d in geometry.DISTRICTS if d[2] == bank]
        for index, line in enumerate(lines):
            way = bent(line, phase)
            for code, *_ in on_bank:
                highway = "secondary" if index % 6 < 2 else "tertiary"
                # Minor roads go round a park; main roads cross it.
                ground = land if highway == "secondary" else land.difference(parks)
                for piece in pieces(way.intersection(plane.districts[code]).intersection(ground)):
                    local = _local_words(plane, piece)
                    roads.append(Road(*namer.name("路", local), highway, piece))
        roads += _dense_streets(plane, land.difference(parks), namer, rng, angle, on_bank)
    return roads


def _local_words(plane: Plane, piece: BaseGeometry) -> list[tuple[str, str]]:
    """The words of the sub-district a road runs through, as a local road is named."""
    district, street = plane.street_at(piece.interpolate(0.5, normalized=True))
    return [(STREET_ZH[district, street], street.capitalize())]


def _dense_streets(plane: Plane, land: BaseGeometry, namer: RoadNamer, rng: np.random.Generator,
                   angle: float, districts: list) -> list[Road]:
    """Streets and lanes between the grid's roads near each district's centre."""
    roads = []
    for code, _, _, seed_km, _ in districts:
        if code not in CORES:
            continue
        centre = Point(seed_km[0] * 1_000, seed_km[1] * 1_000)
        core = centre.buffer(CORES[code] * 1_000).intersection(plane.districts[code])
        core = core.intersection(land)
        spacing = LANE_SPACING if code == "laocheng" else LANE_SPACING * 1.6
        phase = rng.uniform(0, 2 * math.pi, 4)
        for index, line in enumerate(grid_lines(core.bounds, angle, spacing, spacing / 2)):
            for piece in pieces(bent(line, phase).intersection(core)):
                for part in cut(piece, LANE_MAX if code == "laocheng" else LANE_MAX * 2):
                    if part.length < MIN_LENGTH:
                        continue
                    suffix = "巷" if part.length < 420 or index % 3 == 0 else "街"
                    roads.append(Road(*namer.name(suffix, _local_words(plane, part)),
                                      "residential", part))
    return roads
