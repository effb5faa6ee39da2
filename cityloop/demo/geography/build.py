"""The geography's features as GeoJSON FeatureCollections, written beside the areas."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from cityloop.demo import geometry
from cityloop.demo.geography import nature, places
from cityloop.demo.geography.plane import build_plane, to_lonlat
from cityloop.demo.geography.roads import build_roads
from cityloop.demo.geometry import DATA_DIR, dumps, round_coords


def names(zh: str, en: str) -> dict[str, str]:
    # OSM's convention: name is the local (Chinese) name, name:xx each language's.
    return {"name": zh, "name:zh": zh, "name:en": en}


def feature(shape: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    if shape.geom_type in ("Polygon", "MultiPolygon"):
        shape = shapely.orient_polygons(shape, exterior_cw=False)  # RFC 7946
    geo = mapping(to_lonlat(shape))
    return {"type": "Feature", "properties": properties,
            "geometry": {"type": geo["type"], "coordinates": round_coords(geo["coordinates"])}}


def build() -> dict[str, dict[str, Any]]:
    """Every layer's FeatureCollection, always the same."""
    rng = np.random.default_rng(geometry.SEED + 1)
    plane = build_plane()
    water = nature.water(plane, rng)
    parks = nature.parks(plane, water, rng)
    blocked = shapely.union_all([w.shape for w in water])
    roads = build_roads(plane, blocked, shapely.union_all([p.shape for p in parks]), rng)
    landmarks = places.landmarks(plane, roads, parks, blocked, rng)
    dry = plane.city.difference(blocked)
    layers = {
        "roads": [feature(r.shape, {**names(r.zh, r.en), "highway": r.highway,
                                    **({"bridge": "yes", "layer": "1"} if r.bridge else {})})
                  for r in roads],
        "water": [feature(w.shape, {**names(w.zh, w.en), **w.tags}) for w in water],
        "parks": [feature(p.shape, {**names(p.zh, p.en), **p.tags}) for p in parks],
        "landmarks": [feature(m.point, {**names(m.zh, m.en), "kind": m.kind, **m.tags})
                      for m in landmarks],
        "addresses": [feature(door, {"addr:housenumber": number, "addr:street": road.zh,
                                     "addr:street:en": road.en})
                      for road, number, door in places.addresses(roads) if dry.contains(door)],
    }
    return {k: {"type": "FeatureCollection", "features": v} for k, v in layers.items()}


def main() -> None:
    for key, fc in build().items():
        path = DATA_DIR / f"{key}.geojson"
        path.write_text(dumps(fc), encoding="utf-8")
        print(f"wrote {path} ({len(fc['features'])} features, {path.stat().st_size:,} bytes)")
