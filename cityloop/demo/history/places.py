"""Where reports come from: hotspots, and the rest of the city by district.

Every point is checked against the city's own areas (``geo.index.area_at``),
so no synthetic report ever falls outside the city, in the river's gap
between districts, or in a district it was not meant for.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cityloop.geo.index import AreaHit, area_at
from cityloop.geo.models import Area, AreaLevel

HOTSPOTS_FILE = Path(__file__).resolve().parent.parent / "data" / "hotspots.yaml"
M_PER_DEG_LAT = 110_574.0
# Background reports per district, relative: the dense old town and the
# riverside report most, the hills and the port least.
DISTRICT_WEIGHTS = {
    "laocheng": 1.6, "binjiang": 1.3, "beian": 1.15, "dongmen": 1.0,
    "daxuecheng": 0.85, "gangkou": 0.75, "shanwan": 0.55,
}
MAX_TRIES = 500


@dataclass(frozen=True)
class Hotspot:
    code: str
    name: str
    lat: float
    lon: float
    radius_m: float
    categories: tuple[str, ...]
    weight: float

    @property
    def low_lying(self) -> bool:
        """Where storm water gathers: the hotspots known for flooding."""
        return "flooding" in self.categories


def load_hotspots(path: Path = HOTSPOTS_FILE) -> list[Hotspot]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        Hotspot(
            code=str(row["code"]),
            name=str(row["name"]["en"] if isinstance(row["name"], dict) else row["name"]),
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            radius_m=float(row["radius_m"]),
            categories=tuple(row["categories"]),
            weight=float(row.get("weight", 1.0)),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class District:
    id: int
    code: str
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    hit: AreaHit


class Places:
    """Draws points inside the city."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.districts = [
            District(a.id, a.code, (a.min_lon, a.min_lat, a.max_lon, a.max_lat))
            for a in Area.objects.filter(level=AreaLevel.DISTRICT).order_by("id")
        ]
        self.district_of: dict[int, str] = {d.id: d.code for d in self.districts}
        for area_id, parent_id in Area.objects.filter(level=AreaLevel.STREET).values_list(
            "id", "parent_id"
        ):
            self.district_of[area_id] = self.district_of[parent_id]

    def near(self, lat: float, lon: float, sigma_m: float) -> Place:
        """A point around (lat, lon), normally spread with ``sigma_m`` metres."""
        m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(lat))
        for _ in range(MAX_TRIES):
            p_lat = lat + self.rng.gauss(0.0, sigma_m) / M_PER_DEG_LAT
            p_lon = lon + self.rng.gauss(0.0, sigma_m) / m_per_deg_lon
            hit = area_at(p_lat, p_lon)
            if hit is not None:
                return Place(round(p_lat, 6), round(p_lon, 6), hit)
        raise RuntimeError(f"no point of the city near {lat}, {lon}")

    def in_district(self, code: str) -> Place:
        """A point spread evenly over district ``code``."""
        district = next(d for d in self.districts if d.code == code)
        min_lon, min_lat, max_lon, max_lat = district.bounds
        for _ in range(MAX_TRIES):
            lat = self.rng.uniform(min_lat, max_lat)
            lon = self.rng.uniform(min_lon, max_lon)
            hit = area_at(lat, lon)
            if hit is not None and self.district_of.get(hit.id) == code:
                return Place(round(lat, 6), round(lon, 6), hit)
        raise RuntimeError(f"no point found in district {code}")

    def anywhere(self, weights: dict[str, float] | None = None) -> Place:
        """A point in a district drawn by weight (default: DISTRICT_WEIGHTS)."""
        weights = weights or DISTRICT_WEIGHTS
        codes = [d.code for d in self.districts]
        chosen = self.rng.choices(codes, [weights.get(c, 1.0) for c in codes])[0]
        return self.in_district(chosen)

    def around(self, hotspot: Hotspot, spread: float = 0.5) -> Place:
        # sigma = half the radius: about 86 % of a hotspot's reports fall
        # inside its radius, the rest trail off into the streets around it.
        return self.near(hotspot.lat, hotspot.lon, hotspot.radius_m * spread)
