"""A tiny base map a test can reason about, and the demo's, as BASEMAP_DIR.

Around the test city (tests/citydata.py): an avenue across it west to east
at lat 29.56, a lane beside it in the east half, a lake, a park and a school. At tile
zoom 14 the avenue crosses several tiles; the lane lies inside one of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cityloop.demo.envfile import DEMO_BASEMAP_DIR

AVENUE = {"name": "滨江大道", "name:zh": "滨江大道", "name:en": "Binjiang Avenue",
          "highway": "primary"}
LANE = {"name": "荷塘巷", "name:zh": "荷塘巷", "name:en": "Hetang Lane", "highway": "residential"}
LAKE = {"name": "北湖", "name:zh": "北湖", "name:en": "Beihu Lake", "natural": "water"}
PARK = {"name": "人民公园", "name:zh": "人民公园", "name:en": "Renmin Park", "leisure": "park"}
SCHOOL = {"name": "鼓楼小学", "name:zh": "鼓楼小学", "name:en": "Gulou Primary School",
          "amenity": "school", "kind": "school"}
LANE_AT = (106.581, 29.558)  # lon, lat: on the lane, in the avenue's tile at zoom 14
SCHOOL_AT = (106.5805, 29.5585)


def collection(*features: tuple[dict[str, Any], dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": p, "geometry": g} for p, g in features]}


def square(lon0: float, lat0: float, lon1: float, lat1: float) -> dict[str, Any]:
    ring = [[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}


def write_basemap(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    layers = {
        "roads": collection(
            (AVENUE, {"type": "LineString", "coordinates": [[106.50, 29.56], [106.60, 29.561]]}),
            (LANE, {"type": "LineString", "coordinates": [[106.580, 29.558], [106.582, 29.558]]}),
        ),
        "water": collection((LAKE, square(106.51, 29.57, 106.53, 29.58))),
        "parks": collection((PARK, square(106.56, 29.57, 106.57, 29.575))),
        "landmarks": collection((SCHOOL, {"type": "Point", "coordinates": list(SCHOOL_AT)})),
    }
    for name, fc in layers.items():
        (directory / f"{name}.geojson").write_text(json.dumps(fc, ensure_ascii=False))
    return directory


@pytest.fixture
def basemap(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """The tiny base map is the city's; no tile server."""
    settings.MAP_TILES_URL = ""
    settings.BASEMAP_DIR = write_basemap(tmp_path / "basemap")
    yield settings.BASEMAP_DIR


@pytest.fixture
def demo_basemap(settings: Any) -> Path:
    """The demo's generated base map (cityloop/demo/data) is the city's."""
    settings.MAP_TILES_URL = ""
    settings.BASEMAP_DIR = DEMO_BASEMAP_DIR
    return DEMO_BASEMAP_DIR
