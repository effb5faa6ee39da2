"""The heat map of a survey's map answers: points counted in square cells of ~150 m.

Only the cells leave the server, never an answer's own point (nor its comment):
a point drawn at someone's front door shows as "somewhere in these 150 metres,
among the others". The grid is fixed to the Earth (rows of equal latitude
height, each row's cells as wide in metres as they are tall), so the same point
always falls in the same cell, whoever looks and whenever.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from cityloop.geo import index
from cityloop.geo.models import Area

CELL_METRES = 150
METRES_PER_DEGREE = 111_320  # of latitude, and of longitude at the equator
CELL_LAT = CELL_METRES / METRES_PER_DEGREE
BUSIEST = 10  # cells listed in the table beside the map
SHADES = 4  # classes of the legend, lightest to darkest


@dataclass(frozen=True)
class Cell:
    south: float
    west: float
    north: float
    east: float
    count: int
    shade: int  # 1 (fewest) to SHADES (most)
    place: str = ""  # the street or district at its middle

    @property
    def lat(self) -> float:
        return round((self.south + self.north) / 2, 5)

    @property
    def lon(self) -> float:
        return round((self.west + self.east) / 2, 5)

    def as_json(self) -> dict[str, object]:
        return {"b": [round(self.south, 6), round(self.west, 6), round(self.north, 6),
                      round(self.east, 6)], "n": self.count, "s": self.shade}


@dataclass(frozen=True)
class HeatMap:
    cells: list[Cell]
    entries: int
    legend: list[tuple[int, int, int]]  # shade, lowest count, highest count

    def busiest(self) -> list[Cell]:
        return sorted(self.cells, key=lambda c: (-c.count, -c.lat, c.lon))[:BUSIEST]


def _cell_of(lat: float, lon: float) -> tuple[int, int]:
    row = math.floor(lat / CELL_LAT)
    return row, math.floor(lon / _cell_lon(row))


def _cell_lon(row: int) -> float:
    middle = (row + 0.5) * CELL_LAT
    return CELL_LAT / max(math.cos(math.radians(middle)), 0.01)


def _legend(top: int) -> list[tuple[int, int, int]]:
    """Equal steps from 1 to the busiest cell's count; fewer classes than SHADES when the
    counts are small (a map of 1s and 2s has two shades, not four with empty ones)."""
    classes = min(SHADES, top)
    out, low = [], 1
    for shade in range(1, classes + 1):
        high = math.ceil(top * shade / classes)
        if high >= low:
            out.append((shade, low, high))
            low = high + 1
    return out


def _shade(count: int, legend: list[tuple[int, int, int]]) -> int:
    return next((shade for shade, _low, high in legend if count <= high), SHADES)


def _names(centres: Iterable[tuple[float, float]]) -> dict[tuple[float, float], str]:
    hits = {centre: index.area_at(*centre) for centre in centres}
    names = {a.pk: a.display_name for a in Area.objects.filter(
        pk__in={h.id for h in hits.values() if h is not None})}
    return {centre: names.get(hit.id, "") if hit else "" for centre, hit in hits.items()}


def heat_map(points: Iterable[tuple[float, float]]) -> HeatMap:
    """The cells holding at least one of ``points`` (lat, lon), with their counts."""
    counts = Counter(_cell_of(lat, lon) for lat, lon in points)
    if not counts:
        return HeatMap([], 0, [])
    legend = _legend(max(counts.values()))
    cells = []
    for (row, col), count in counts.items():
        width = _cell_lon(row)
        cells.append(Cell(row * CELL_LAT, col * width, (row + 1) * CELL_LAT,
                          (col + 1) * width, count, _shade(count, legend)))
    heat = HeatMap(cells, sum(counts.values()), legend)
    named = _names((c.lat, c.lon) for c in heat.busiest())
    cells = [Cell(c.south, c.west, c.north, c.east, c.count, c.shade,
                  named.get((c.lat, c.lon), "")) for c in cells]
    return HeatMap(cells, heat.entries, legend)
