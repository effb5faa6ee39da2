"""The gazetteer held in memory by each process, rebuilt when ``PlaceRevision`` changes.

A query is answered from arrays, not from the database: per word, the
numpy array of the entries whose names hold it (``postings``); the Latin
words sorted, for prefixes; every word with one letter dropped, for typos
(the symmetric-deletion trick: two words within one edit share a deletion);
and two R-trees in metres for the nearest address and road to a pin. Areas
(districts and streets) are entries too, read from ``geo.Area`` itself so
they never go stale. Built in about a second for 100,000 places.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from cityloop.geo.models import Area, AreaLevel
from cityloop.geo.places.models import Place, PlaceKind, PlaceRevision
from cityloop.geo.places.words import cut, deletions
from cityloop.geo.shapes import parse_geometry
from cityloop.sharedcache import SharedCache

FUZZY_MIN_LENGTH = 4  # shorter words have too many neighbours one letter away
NO_NAME = 10_000  # the length of a name a place lacks, so it never "covers" a query
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON = 111_320.0


@dataclass(frozen=True)
class AreaName:
    name: str
    name_i18n: dict[str, str]
    parent_id: int | None


@dataclass
class Gazetteer:
    ids: list[str]  # "place:12" or "area:binjiang", what the API calls the result
    kinds: list[str]
    # Parallel lists of plain strings and string-only dicts rather than a tuple per
    # entry: the garbage collector does not track those, so a full collection does
    # not walk 100,000 tuples in the middle of a request.
    names: list[str]
    translations: list[dict[str, str]]
    area_ids: list[int | None]
    lat: np.ndarray
    lon: np.ndarray
    latin_length: np.ndarray  # letters and digits in the English name
    chinese_length: np.ndarray  # characters and digits in the Chinese name
    postings: dict[str, np.ndarray]
    sorted_latin: list[str]
    neighbours: dict[str, tuple[str, ...]]  # deletion -> Latin words it comes from
    areas: dict[int, AreaName]
    area_refs: dict[int, str]  # area id -> "area:binjiang"
    origin_lat: float = 0.0
    address_tree: shapely.STRtree | None = None
    address_entries: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    road_tree: shapely.STRtree | None = None
    road_entries: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def to_metres(self, lat: Any, lon: Any) -> tuple[Any, Any]:
        """A flat projection around the city's middle: metres east and north, good to a
        fraction of a percent across a city, which is all nearness needs."""
        scale = math.cos(math.radians(self.origin_lat)) * METRES_PER_DEGREE_LON
        return lon * scale, lat * METRES_PER_DEGREE_LAT

    def to_degrees(self, x: float, y: float) -> tuple[float, float]:
        """Latitude and longitude of a point in that projection."""
        scale = math.cos(math.radians(self.origin_lat)) * METRES_PER_DEGREE_LON
        return y / METRES_PER_DEGREE_LAT, x / scale


class _Builder:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.translations: list[dict[str, str]] = []
        self.area_ids: list[int | None] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.latin_length: list[int] = []
        self.chinese_length: list[int] = []
        self.postings: dict[str, list[int]] = defaultdict(list)

    def add(self, ident: str, kind: str, name: str, i18n: dict[str, str], lat: float,
            lon: float, area_id: int | None) -> int:
        entry = len(self.ids)
        self.ids.append(ident)
        self.kinds.append(kind)
        self.names.append(name)
        self.translations.append(dict(i18n))
        self.area_ids.append(area_id)
        self.lat.append(lat)
        self.lon.append(lon)
        latin, chinese = NO_NAME, NO_NAME
        for text in (name, *i18n.values()):
            words = cut(text)
            for word in words.all:
                self.postings[word].append(entry)
            if words.chinese:
                chinese = min(chinese, words.length)
            else:
                latin = min(latin, words.length)
        self.latin_length.append(latin)
        self.chinese_length.append(chinese)
        return entry


def build() -> Gazetteer:
    builder = _Builder()
    areas: dict[int, AreaName] = {}
    area_refs: dict[int, str] = {}
    for area in Area.objects.order_by("id"):
        areas[area.id] = AreaName(area.name, area.name_i18n or {}, area.parent_id)
        area_refs[area.id] = f"area:{area.code}"
        if area.level == AreaLevel.CITY:
            continue
        point = parse_geometry(area.geometry).representative_point()
        builder.add(f"area:{area.code}", PlaceKind.AREA.value, area.name, area.name_i18n or {},
                    point.y, point.x, area.parent_id)
    addresses: list[tuple[int, float, float]] = []
    roads: list[tuple[int, dict[str, object]]] = []
    rows = Place.objects.order_by("id").values_list(
        "id", "kind", "name", "name_i18n", "lat", "lon", "area_id", "line")
    for pk, kind, name, i18n, lat, lon, area_id, line in rows.iterator(chunk_size=5000):
        entry = builder.add(f"place:{pk}", str(kind), name, i18n or {}, lat, lon, area_id)
        if kind == PlaceKind.ADDRESS:
            addresses.append((entry, lat, lon))
        elif kind == PlaceKind.ROAD:
            roads.append((entry, line or {"type": "Point", "coordinates": [lon, lat]}))
    postings = {w: np.asarray(e, dtype=np.int64) for w, e in builder.postings.items()}
    latin_words = sorted(w for w in postings if w.isascii())
    neighbours: dict[str, list[str]] = defaultdict(list)
    for word in latin_words:
        if len(word) >= FUZZY_MIN_LENGTH and not word.isdigit():
            for deleted in deletions(word):
                neighbours[deleted].append(word)
    gazetteer = Gazetteer(
        ids=builder.ids, kinds=builder.kinds, names=builder.names,
        translations=builder.translations, area_ids=builder.area_ids,
        lat=np.asarray(builder.lat, dtype=np.float64), lon=np.asarray(builder.lon, np.float64),
        latin_length=np.asarray(builder.latin_length, np.float32),
        chinese_length=np.asarray(builder.chinese_length, np.float32),
        postings=postings, sorted_latin=latin_words,
        neighbours={d: tuple(words) for d, words in neighbours.items()},
        areas=areas, area_refs=area_refs,
        origin_lat=float(np.mean(builder.lat)) if builder.lat else 0.0,
    )
    _trees(gazetteer, addresses, roads)
    return gazetteer


def _trees(gazetteer: Gazetteer, addresses: list[tuple[int, float, float]],
           roads: list[tuple[int, dict[str, object]]]) -> None:
    """R-trees in metres (the flat projection), so "within 60 m" is a distance in metres."""
    if addresses:
        entries, lats, lons = (np.asarray(c) for c in zip(*addresses, strict=True))
        xs, ys = gazetteer.to_metres(lats, lons)
        gazetteer.address_tree = shapely.STRtree(shapely.points(xs, ys))
        gazetteer.address_entries = entries.astype(np.int64)
    if roads:
        shapes = []
        for _, line in roads:
            shape = shapely.from_geojson(json.dumps(line))
            shapes.append(shapely.transform(shape, lambda c: np.column_stack(
                gazetteer.to_metres(c[:, 1], c[:, 0]))))
        gazetteer.road_tree = shapely.STRtree(shapes)
        gazetteer.road_entries = np.asarray([e for e, _ in roads], dtype=np.int64)


_gazetteer = SharedCache(PlaceRevision, build)


def current() -> Gazetteer:
    return _gazetteer.get()


def touch() -> None:
    """Say that places (or areas, whose names results carry) changed, everywhere."""
    _gazetteer.touch()
