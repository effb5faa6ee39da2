"""The demo city's plane (metres around its centre), shared by the geography's parts.

Everything is drawn in metres, as ``cityloop/demo/geometry.py`` draws the
areas, and turned into longitude/latitude only when written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from cityloop.demo import geometry
from cityloop.demo.geometry import CENTRE_LAT, CENTRE_LON, M_PER_DEG_LAT, M_PER_DEG_LON

RIVER_HALF_WIDTH = 170.0  # metres: a wide river, as at Chongqing or Wuhan


@dataclass
class Plane:
    city: Polygon
    river: BaseGeometry  # the water surface, a polygon
    river_line: BaseGeometry
    districts: dict[str, BaseGeometry]
    streets: dict[tuple[str, str], BaseGeometry]

    def street_at(self, point: Point) -> tuple[str, str]:
        """The (district, street) whose cell holds (or is nearest to) the point."""
        return min(self.streets, key=lambda k: self.streets[k].distance(point))


def build_plane() -> Plane:
    """The city outline, river and area cells, exactly as the area files were drawn."""
    # geometry.street_cells() draws the outline first from the same seed.
    city = geometry.city_outline(np.random.default_rng(geometry.SEED))
    streets = geometry.street_cells()
    districts: dict[str, BaseGeometry] = {}
    for (district, _), cell in streets.items():
        districts[district] = cell if district not in districts else districts[district].union(cell)
    line = geometry.river_line()
    river = line.buffer(RIVER_HALF_WIDTH, cap_style="flat").intersection(city.buffer(1_500))
    return Plane(city, river, line, districts, streets)


def to_lonlat(shape: BaseGeometry) -> BaseGeometry:
    scale = np.array([1 / M_PER_DEG_LON, 1 / M_PER_DEG_LAT])
    origin = np.array([CENTRE_LON, CENTRE_LAT])
    return shapely.transform(shape, lambda xy: xy * scale + origin)


def blob(centre: Point, rx: float, ry: float, angle: float, rng: np.random.Generator) -> Polygon:
    """A natural-looking round shape (a lake, a park): a wobbly rotated ellipse."""
    theta = np.linspace(0, 2 * math.pi, 40, endpoint=False)
    wobble = 1 + 0.12 * np.sin(3 * theta + rng.uniform(0, 6.3)) + 0.06 * np.sin(5 * theta)
    x, y = rx * wobble * np.cos(theta), ry * wobble * np.sin(theta)
    c, s = math.cos(angle), math.sin(angle)
    return Polygon(np.column_stack([centre.x + c * x - s * y, centre.y + s * x + c * y]))
