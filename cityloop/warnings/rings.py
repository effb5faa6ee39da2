"""Area outlines as CAP polygons: "lat,lon lat,lon ..." closed rings.

CAP 1.2 (section 3.2.4) wants a polygon as four or more coordinate pairs,
latitude first, the first pair repeated last. A city's district boundary can
hold thousands of points, more than an alert hub or a phone wants, so each
ring is simplified (the outline kept, topology preserved) until it has at
most ``MAX_POINTS`` pairs; holes are dropped, as CAP's polygon has none.
"""

from __future__ import annotations

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

MAX_POINTS = 100
# Degrees: about 10 m, doubled until the ring is small enough.
FIRST_TOLERANCE = 0.0001


def _exteriors(shape: BaseGeometry) -> list[Polygon]:
    if isinstance(shape, Polygon):
        return [Polygon(shape.exterior)]
    if isinstance(shape, MultiPolygon):
        return [Polygon(part.exterior) for part in shape.geoms]
    return []


def _small(polygon: Polygon) -> Polygon:
    tolerance = FIRST_TOLERANCE
    simpler = polygon
    while len(simpler.exterior.coords) > MAX_POINTS:
        candidate = polygon.simplify(tolerance, preserve_topology=True)
        if isinstance(candidate, Polygon) and not candidate.is_empty:
            simpler = candidate
        tolerance *= 2
    return simpler


def simplified(shape: BaseGeometry) -> BaseGeometry:
    """The outer rings of ``shape``, each simplified to at most ``MAX_POINTS`` points
    (what the CAP document and the public page's map draw)."""
    parts = [_small(polygon) for polygon in _exteriors(shape)]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def cap_polygons(shape: BaseGeometry) -> list[str]:
    """One CAP polygon string per outer ring of ``shape``."""
    rings = []
    for polygon in _exteriors(shape):
        coords = list(_small(polygon).exterior.coords)
        if len(coords) < 4:
            continue
        if coords[0] != coords[-1]:
            coords.append(coords[0])
        rings.append(" ".join(f"{lat:.5f},{lon:.5f}" for lon, lat in coords))
    return rings
