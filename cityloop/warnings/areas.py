"""Which areas a warning reaches.

A warning for an area reaches that area and every area inside it: a
district's warning reaches the subscribers of its streets. A drawn polygon
reaches the districts and streets it touches (and no street of such a
district that it does not touch), and the city-level area only
when it covers the whole city: a polygon over one river bank is not a
warning for the whole city. Both come from the in-memory area index
(``geo.index``), without a query per area.
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from cityloop.geo import index
from cityloop.geo.models import AreaLevel
from cityloop.geo.shapes import GeometryError, parse_geometry
from cityloop.warnings.models import Warning


def polygon_shape(polygon: Any) -> BaseGeometry | None:
    """The drawn polygon as a shape, or None when there is none or it is unreadable."""
    if not polygon:
        return None
    try:
        return parse_geometry(polygon)
    except GeometryError:
        return None


def areas_under(shape: BaseGeometry) -> list[int]:
    """The areas a drawn polygon reaches (the rule above)."""
    ids: list[int] = []
    for hit in index.areas_intersecting(shape):
        if hit.level != AreaLevel.CITY:
            ids.append(hit.id)
            continue
        city = index.shape_of(hit.id)
        if city is not None and shapely.covers(shape, city):
            ids.append(hit.id)
    return ids


def covered_area_ids(warning: Warning) -> set[int]:
    """The ids of the areas the warning reaches, with every area inside them."""
    covered: set[int] = set()
    for area_id in warning.areas.values_list("id", flat=True):
        if area_id not in covered:
            covered.update(index.subtree(area_id))
    shape = polygon_shape(warning.polygon)
    if shape is not None:
        # Every area inside the polygon touches it, so it is found directly.
        covered.update(areas_under(shape))
    return covered
