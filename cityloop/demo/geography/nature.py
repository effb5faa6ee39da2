"""The river, lakes and parks of Jiangcheng, placed in the sub-districts named after them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from shapely.geometry.base import BaseGeometry

from cityloop.demo.geography.plane import RIVER_HALF_WIDTH, Plane, blob


@dataclass
class Area:
    zh: str
    en: str
    tags: dict[str, str]
    shape: BaseGeometry


# (Chinese, English, district, sub-district, radii in metres).
# fmt: off
LAKES = [
    ("北湖", "Beihu Lake", "beian", "beihu", (620, 380)),
    ("荷塘", "Hetang Pond", "binjiang", "hetang", (300, 210)),
    ("镜湖", "Jinghu Lake", "daxuecheng", "xueyuan", (420, 300)),
    ("青石水库", "Qingshi Reservoir", "shanwan", "qingshi", (700, 330)),
]
PARKS = [
    ("人民公园", "Renmin Park", "laocheng", "gulou", (420, 300)),
    ("文庙公园", "Wenmiao Park", "laocheng", "wenmiao", (220, 170)),
    ("北湖公园", "Beihu Park", "beian", "beihu", None),
    ("大学城中央公园", "Daxuecheng Central Park", "daxuecheng", "xueyuan", None),
    ("松林公园", "Songlin Park", "shanwan", "songlin", (700, 480)),
    ("云顶山森林公园", "Yundingshan Forest Park", "shanwan", "yunding", (1_500, 900)),
    ("梅园", "Meiyuan Garden", "dongmen", "meiyuan", (300, 220)),
    ("灯塔公园", "Dengta Park", "gangkou", "dengta", (380, 260)),
    ("屏山公园", "Pingshan Park", "beian", "pingshan", (650, 420)),
    ("桃李公园", "Taoli Park", "daxuecheng", "taoli", (350, 260)),
]
# Riverside parks: a strip of the bank inside the sub-district.
RIVERSIDE_PARKS = [
    ("滨江公园", "Binjiang Park", "binjiang", "wangjiang"),
    ("江湾湿地公园", "Jiangwan Wetland Park", "binjiang", "jiangwan"),
    ("桥头江滩公园", "Qiaotou Riverbank Park", "laocheng", "qiaotou"),
]
# fmt: on


def water(plane: Plane, rng: np.random.Generator) -> list[Area]:
    areas = [Area("江城河", "Jiangcheng River", {"natural": "water", "waterway": "river"},
                  plane.river)]
    for zh, en, district, street, (rx, ry) in LAKES:
        cell = plane.streets[district, street]
        lake = blob(cell.buffer(-400).point_on_surface(), rx, ry, rng.uniform(0, math.pi), rng)
        areas.append(Area(zh, en, {"natural": "water", "water": "lake"},
                          lake.intersection(cell.buffer(-60))))
    return areas


def parks(plane: Plane, lakes: list[Area], rng: np.random.Generator) -> list[Area]:
    by_cell = {(d, s): a for a, (_, _, d, s, _) in zip(lakes[1:], LAKES, strict=True)}
    areas = []
    for zh, en, district, street, radii in PARKS:
        cell = plane.streets[district, street]
        if radii is None:  # the park around the sub-district's lake
            shape = by_cell[district, street].shape.buffer(220).difference(
                by_cell[district, street].shape)
        else:
            centre = cell.buffer(-radii[0] * 0.6).point_on_surface()
            shape = blob(centre, radii[0], radii[1], rng.uniform(0, math.pi), rng)
        areas.append(Area(zh, en, {"leisure": "park"},
                          shape.intersection(cell.buffer(-40)).difference(plane.river)))
    for zh, en, district, street in RIVERSIDE_PARKS:
        cell = plane.streets[district, street]
        strip = plane.river_line.buffer(RIVER_HALF_WIDTH + 160).difference(plane.river)
        areas.append(Area(zh, en, {"leisure": "park"}, strip.intersection(cell.buffer(-40))))
    return areas
