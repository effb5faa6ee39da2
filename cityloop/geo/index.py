"""Point-in-area lookup with an in-memory R-tree (shapely's STRtree).

Areas are few (a city has hundreds, at most thousands) and change rarely,
while every report needs a lookup, so each process holds the parsed shapes
in an STRtree (a ``SharedCache``, rebuilt when ``AreaRevision`` says an
area changed). This works the same on SQLite and on PostgreSQL without
PostGIS.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from cityloop.geo.models import LEVEL_DEPTH, Area, AreaLevel, AreaRevision
from cityloop.geo.shapes import parse_geometry
from cityloop.sharedcache import SharedCache


@dataclass(frozen=True)
class AreaHit:
    id: int
    code: str
    level: str
    depth: int
    parent_id: int | None


@dataclass
class _Index:
    tree: shapely.STRtree | None
    hits: list[AreaHit]
    shapes: list[BaseGeometry]
    parents: dict[int, int | None]


def _build() -> _Index:
    hits: list[AreaHit] = []
    shapes: list[BaseGeometry] = []
    rows = Area.objects.order_by("id").values_list("id", "code", "level", "parent_id", "geometry")
    for area_id, code, level, parent_id, geometry in rows:
        shape = parse_geometry(geometry)
        shapely.prepare(shape)
        hits.append(AreaHit(area_id, code, level, LEVEL_DEPTH[AreaLevel(level)], parent_id))
        shapes.append(shape)
    tree = shapely.STRtree(shapes) if shapes else None
    return _Index(tree=tree, hits=hits, shapes=shapes,
                  parents={hit.id: hit.parent_id for hit in hits})


_areas = SharedCache(AreaRevision, _build)


def touch() -> None:
    """Say that areas changed, so every process rebuilds its index."""
    _areas.touch()


def current_token() -> uuid.UUID | None:
    """The areas' revision now (tests check an import that fails leaves it)."""
    return AreaRevision.objects.filter(id=1).values_list("token", flat=True).first()


def _index() -> _Index:
    return _areas.get()


def areas_at(lat: float, lon: float) -> list[AreaHit]:
    """Every area covering the point, the city first and the street last.

    A point on the border of two areas of the same level goes to the one
    created first, so the answer never depends on the order of the tree.
    """
    index = _index()
    if index.tree is None:
        return []
    found = index.tree.query(shapely.Point(lon, lat), predicate="covered_by")
    by_depth: dict[int, AreaHit] = {}
    for position in np.sort(found):
        hit = index.hits[int(position)]
        by_depth.setdefault(hit.depth, hit)
    return [by_depth[depth] for depth in sorted(by_depth)]


def lineage(area_id: int | None) -> list[int]:
    """The area and every area above it (street, district, city), without a query."""
    parents = _index().parents
    ids: list[int] = []
    while area_id is not None and area_id in parents and area_id not in ids:
        ids.append(area_id)
        area_id = parents[area_id]
    return ids


def subtree(area_id: int) -> list[int]:
    """The area and every area inside it, at any depth, without a query."""
    parents = _index().parents
    ids = [area_id]
    for known in ids:  # grows as children are found: a breadth-first walk
        ids += [child for child, parent in parents.items() if parent == known]
    return ids


def area_at(lat: float, lon: float) -> AreaHit | None:
    """The smallest area covering the point, or None outside the city."""
    hits = areas_at(lat, lon)
    return hits[-1] if hits else None


def shape_of(area_id: int) -> BaseGeometry | None:
    index = _index()
    for hit, shape in zip(index.hits, index.shapes, strict=True):
        if hit.id == area_id:
            return shape
    return None


def areas_intersecting(shape: BaseGeometry) -> list[AreaHit]:
    """Every area whose shape shares some ground with ``shape`` (a drawn polygon)."""
    index = _index()
    if index.tree is None:
        return []
    found = index.tree.query(shape, predicate="intersects")
    return [index.hits[int(position)] for position in np.sort(found)]
