"""The base map's files, read once per process and prepared per zoom band.

A directory holds ``water.geojson``, ``parks.geojson``, ``roads.geojson`` and
``landmarks.geojson`` (any may be missing) with OpenStreetMap's tags. Each
band keeps what a reader can see at its zooms, simplified to about a pixel,
in an STR-tree so that a tile finds its features without a scan.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

log = logging.getLogger(__name__)

LAYERS = ("water", "parks", "roads", "landmarks")
M_PER_DEG = 111_320.0
# OSM's highway values -> the four classes the map draws; anything else is minor.
ROAD_CLASS = {
    "motorway": "primary", "trunk": "primary", "primary": "primary",
    "secondary": "secondary", "tertiary": "tertiary",
}
RANK = {"primary": 0, "secondary": 1, "tertiary": 2, "residential": 3}


@dataclass(frozen=True)
class Band:
    """What the map shows from this tile zoom until the next band."""

    zoom: int
    tolerance_m: float  # simplification: about a pixel at the band's first zoom
    roads: frozenset[str]
    min_area_m2: float  # smaller parks and lakes are left out
    landmarks: bool
    label_cell_m: float  # polygons get a label candidate per cell this wide
    decimals: int


# One per conf.basemap.ZOOM_BANDS, which the browser is told.
BANDS = {
    10: Band(10, 60.0, frozenset({"primary"}), 250_000.0, False, 5_000.0, 4),
    12: Band(12, 12.0, frozenset({"primary", "secondary", "tertiary"}), 20_000.0, False,
             1_800.0, 4),
    14: Band(14, 0.0, frozenset(RANK), 0.0, True, 700.0, 5),
}


def band_for(zoom: int) -> int:
    return max(b for b in BANDS if b <= zoom) if zoom >= min(BANDS) else min(BANDS)


@dataclass
class Feature:
    layer: str
    index: int
    kind: str  # road class, landmark kind, "water" or "park"
    names: dict[str, str]  # language code -> name
    geometry: BaseGeometry
    labels: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Prepared:
    features: list[Feature]
    tree: STRtree


class BaseMapData:
    """Every band's features, and the version (a hash of the files) that ETags use."""

    def __init__(self, directory: Path):
        raw = {name: _read(directory / f"{name}.geojson") for name in LAYERS}
        digest = hashlib.sha256()
        for name in LAYERS:
            digest.update(raw[name][1])
        self.version = digest.hexdigest()[:20]
        self.features = [f for name in LAYERS for f in _features(name, raw[name][0])]
        self.bands = {zoom: _prepare(self.features, band) for zoom, band in BANDS.items()}
        union = [f.geometry.bounds for f in self.features]
        self.bounds = (
            (min(b[0] for b in union), min(b[1] for b in union),
             max(b[2] for b in union), max(b[3] for b in union)) if union else None)


def _read(path: Path) -> tuple[list[dict[str, Any]], bytes]:
    """A layer's features and its bytes (for the version); a broken file is logged
    and left off the map, so that one bad layer does not take the others down."""
    if not path.is_file():
        return [], b""
    data = path.read_bytes()
    try:
        features = json.loads(data).get("features", [])
        if not isinstance(features, list):
            raise ValueError("its features are not a list")
    except (ValueError, AttributeError) as exc:
        log.error("base map: %s is not a GeoJSON FeatureCollection (%s); layer left out",
                  path, exc)
        return [], data
    return [f for f in features if isinstance(f, dict)], data


def _names(props: dict[str, Any]) -> dict[str, str]:
    """The name per page language: OSM's name:zh / name:en, falling back to name."""
    local = str(props.get("name") or "")
    return {"zh-hans": str(props.get("name:zh") or local), "en": str(props.get("name:en") or local)}


def _kind(layer: str, props: dict[str, Any]) -> str:
    if layer == "roads":
        highway = str(props.get("highway", "")).removesuffix("_link")
        return ROAD_CLASS.get(highway, "residential")
    if layer == "landmarks":
        return str(props.get("kind") or "other")
    return "water" if layer == "water" else "park"


def _features(layer: str, raw: list[dict[str, Any]]) -> list[Feature]:
    found = []
    for index, item in enumerate(raw):
        try:
            geometry = shape(item["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError,
                shapely.errors.ShapelyError):
            continue  # a broken feature is left off the map, not the whole file
        if geometry.is_empty:
            continue
        props = item.get("properties") or {}
        found.append(Feature(layer, index, _kind(layer, props), _names(props), geometry))
    return found


def _prepare(features: list[Feature], band: Band) -> Prepared:
    kept = []
    for f in features:
        if f.layer == "roads" and f.kind not in band.roads:
            continue
        if f.layer == "landmarks" and not band.landmarks:
            continue
        geometry = f.geometry
        is_area = geometry.geom_type.endswith("Polygon")
        if is_area and geometry.area * M_PER_DEG**2 < band.min_area_m2:
            continue
        if band.tolerance_m:
            geometry = shapely.simplify(geometry, band.tolerance_m / M_PER_DEG)
        prepared = Feature(f.layer, f.index, f.kind, f.names, geometry)
        if is_area:
            prepared.labels = _label_points(geometry, band.label_cell_m / M_PER_DEG)
        kept.append(prepared)
    kept.sort(key=lambda f: (LAYERS.index(f.layer), -RANK.get(f.kind, 0)))
    return Prepared(kept, STRtree([f.geometry for f in kept]))


def _label_points(polygon: BaseGeometry, cell: float) -> list[tuple[float, float]]:
    """Where a polygon's name may go: a point inside it per grid cell it fills well,
    so a long river has a label wherever the reader looks at it."""
    if polygon.is_empty:
        return []
    points = [polygon.point_on_surface()]
    min_x, min_y, max_x, max_y = polygon.bounds
    if max(max_x - min_x, max_y - min_y) > cell:
        points = []
        x = min_x
        while x < max_x:
            y = min_y
            while y < max_y:
                part = polygon.intersection(box(x, y, x + cell, y + cell))
                if part.area >= cell * cell * 0.15:
                    points.append(part.point_on_surface())
                y += cell
            x += cell
        points = points or [polygon.point_on_surface()]
    return [(p.x, p.y) for p in points[:60]]


_lock = threading.Lock()
_loaded: dict[tuple[str, tuple[float, ...]], BaseMapData] = {}


def load(directory: Path) -> BaseMapData:
    """The data of directory, read again when one of its files changes."""
    stamps = tuple((directory / f"{n}.geojson").stat().st_mtime
                   if (directory / f"{n}.geojson").is_file() else 0.0 for n in LAYERS)
    key = (str(directory), stamps)
    with _lock:
        if key not in _loaded:
            _loaded.clear()
            _loaded[key] = BaseMapData(directory)
        return _loaded[key]


