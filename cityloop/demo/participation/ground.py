"""What the participation generator needs of the demo city, loaded once.

Places come from the demo's own gazetteer (roads with their lines, landmarks
with their points), so every proposal, project and map answer sits on a real
street of Jiangcheng, and each point is checked against the city's areas.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, ServiceCategory
from cityloop.demo.history.places import Hotspot, load_hotspots
from cityloop.geo.index import area_at, shape_of
from cityloop.geo.models import Area, AreaLevel
from cityloop.geo.places.models import Place, PlaceKind

DATA = Path(__file__).resolve().parent / "data"
M_PER_DEG_LAT = 110_574.0
ZH = "zh-hans"
# A landmark's kind, from the end of its English name (the gazetteer keeps names only).
LANDMARK_KINDS = (("Police Station", ""), ("Station", "station"), ("Market", "market"),
                  ("Park", "park"), ("School", "school"), ("Hospital", "hospital"))


def load(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Spot:
    """A named place: its names in both languages, a point and the street it is in."""

    en: str
    zh: str
    lat: float
    lon: float
    area_id: int
    kind: str
    line: tuple[tuple[tuple[float, float], ...], ...] = ()  # a road's parts, (lon, lat)

    def name(self, language: str) -> str:
        return self.zh if language == ZH else self.en


class Ground:
    def __init__(self, now: datetime, rng: random.Random):
        self.now, self.rng = now, rng
        self.streets = {a.code: a for a in Area.objects.filter(level=AreaLevel.STREET)
                        .order_by("code")}
        self.districts = {a.code: a for a in Area.objects.filter(level=AreaLevel.DISTRICT)
                          .order_by("code")}
        self.district_of = {a.pk: a.parent_id for a in self.streets.values()}
        self.roads: list[Spot] = []
        self.landmarks: dict[str, list[Spot]] = {}
        for place in Place.objects.filter(kind__in=[PlaceKind.ROAD, PlaceKind.LANDMARK],
                                          area__isnull=False).order_by("ref"):
            self._add(place)
        self.hotspots = {h.code: h for h in load_hotspots()}
        self.categories: dict[str, ServiceCategory] = snapshot.current().categories
        self._required = {c for c, attrs in ((c.service_code, snapshot.current().attributes
                                              .get(c.pk, [])) for c in self.categories.values())
                          if any(a.required for a in attrs)}
        self.staff = {u.username: u for u in get_user_model().objects.filter(is_staff=True)}

    def _add(self, place: Place) -> None:
        zh = str((place.name_i18n or {}).get(ZH) or place.name)
        assert place.area_id is not None
        if place.kind == PlaceKind.ROAD:
            self.roads.append(Spot(place.name, zh, place.lat, place.lon, place.area_id, "road",
                                   _points(place.line)))
            return
        kind = next((k for suffix, k in LANDMARK_KINDS if place.name.endswith(suffix)), "")
        if kind:
            self.landmarks.setdefault(kind, []).append(
                Spot(place.name, zh, place.lat, place.lon, place.area_id, kind))

    def can_open_case(self, code: str) -> bool:
        """Whether staff can file work of this category without a report's answers."""
        return code in self.categories and code not in self._required

    def street_spot(self, code: str) -> Spot:
        area = self.streets[code]
        point = area_point(area)
        return Spot(area.name, str(area.name_i18n.get(ZH) or area.name), point[0], point[1],
                    area.pk, "street")

    def roads_in(self, area_ids: set[int]) -> list[Spot]:
        return [r for r in self.roads if r.area_id in area_ids and r.line]

    def on_road(self, road: Spot, rng: random.Random, sigma_m: float = 12) -> tuple[float, float]:
        """A point somewhere along ``road``, a few metres off its line, inside the city."""
        for _ in range(50):
            (lon1, lat1), (lon2, lat2) = _segment(road.line, rng)
            t = rng.random()
            lat, lon = near(lat1 + t * (lat2 - lat1), lon1 + t * (lon2 - lon1), sigma_m, rng)
            if area_at(lat, lon) is not None:
                return lat, lon
        return road.lat, road.lon

    def around(self, hotspot: Hotspot, rng: random.Random) -> tuple[float, float]:
        """A point around ``hotspot``: most within its radius, inside the city."""
        for _ in range(50):
            lat, lon = near(hotspot.lat, hotspot.lon, hotspot.radius_m * 0.45, rng)
            if area_at(lat, lon) is not None:
                return lat, lon
        return hotspot.lat, hotspot.lon

    def officer(self, department: Department | None) -> User:
        """Who works for ``department``: its first member, or the nearest above; else admin."""
        node = department
        while node is not None:
            member = node.members.filter(is_active=True).order_by("username").first()
            if member is not None:
                return member
            node = node.parent
        return self.staff["admin"]


def near(lat: float, lon: float, sigma_m: float, rng: random.Random) -> tuple[float, float]:
    m_per_deg_lon = M_PER_DEG_LAT * math.cos(math.radians(lat))
    return (round(lat + rng.gauss(0, sigma_m) / M_PER_DEG_LAT, 6),
            round(lon + rng.gauss(0, sigma_m) / m_per_deg_lon, 6))


def area_point(area: Area) -> tuple[float, float]:
    """A point inside ``area`` (its representative point), as (lat, lon)."""
    shape = shape_of(area.pk)
    if shape is None:
        return (round((area.min_lat + area.max_lat) / 2, 6),
                round((area.min_lon + area.max_lon) / 2, 6))
    point = shape.representative_point()
    return round(point.y, 6), round(point.x, 6)


def _points(line: Any) -> tuple[tuple[tuple[float, float], ...], ...]:
    """A road's line as its parts, each a run of (lon, lat)."""
    if not isinstance(line, dict):
        return ()
    coords = line.get("coordinates") or []
    parts = coords if line.get("type") == "MultiLineString" else [coords]
    return tuple(tuple((float(c[0]), float(c[1])) for c in part) for part in parts
                 if len(part) >= 2)


def _segment(line: tuple[tuple[tuple[float, float], ...], ...],
             rng: random.Random) -> tuple[tuple[float, float], tuple[float, float]]:
    part = rng.choice(line)
    i = rng.randrange(len(part) - 1)
    return part[i], part[i + 1]
