"""One tile of the base map: the features of a band inside a slippy-map tile, as GeoJSON.

Features are clipped to the tile with a margin, so a long avenue costs only
the part the reader sees and neighbouring tiles' strokes overlap without a
seam. Each piece keeps its feature's ``id``: the browser joins a road's
pieces to label it once.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry import mapping

from cityloop.web.basemap.data import BANDS, BaseMapData

MARGIN = 1 / 32  # of a tile: enough for the widest stroke at the band's last zoom
LAYER_KEYS = {"water": "water", "parks": "park", "roads": "road", "landmarks": "landmark"}


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of tile x, y at zoom z (Web Mercator, OSM's numbering)."""
    n = 2**z

    def lat(row: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def _rounded(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, list | tuple):
        return [_rounded(v, decimals) for v in value]
    return value


def tile(data: BaseMapData, z: int, x: int, y: int, lang: str) -> bytes:
    return _tile(data, z, x, y, lang)


@lru_cache(maxsize=1024)  # a few MB: tiles are a few kB (benchmarks/basemap.py)
def _tile(data: BaseMapData, z: int, x: int, y: int, lang: str) -> bytes:
    """The tile's FeatureCollection, encoded once per data version and language."""
    band = BANDS[z]
    prepared = data.bands[z]
    west, south, east, north = tile_bounds(z, x, y)
    pad_x, pad_y = (east - west) * MARGIN, (north - south) * MARGIN
    clip = (west - pad_x, south - pad_y, east + pad_x, north + pad_y)
    features = []
    for i in sorted(prepared.tree.query(shapely.box(*clip))):
        f = prepared.features[i]
        if f.layer == "landmarks":
            geometry = f.geometry
            if not _inside(geometry, (west, south, east, north)):
                continue
        else:
            geometry = shapely.clip_by_rect(f.geometry, *clip)
        if geometry.is_empty:
            continue
        props: dict[str, Any] = {"layer": LAYER_KEYS[f.layer], "class": f.kind,
                                 "name": f.names[lang]}
        labels = [p for p in f.labels if west <= p[0] < east and south <= p[1] < north]
        if labels:
            props["labels"] = _rounded(labels, band.decimals)
        geo = mapping(geometry)
        features.append({
            "type": "Feature", "id": f"{LAYER_KEYS[f.layer]}{f.index}", "properties": props,
            "geometry": {"type": geo["type"],
                         "coordinates": _rounded(geo["coordinates"], band.decimals)},
        })
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _inside(point: Any, bounds: tuple[float, float, float, float]) -> bool:
    """A landmark belongs to one tile only, not to the margins of its neighbours."""
    return bool(bounds[0] <= point.x < bounds[2] and bounds[1] <= point.y < bounds[3])
