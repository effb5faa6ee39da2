"""Geospatial ``$filter`` functions (OGC 18-088 §9.3.3.5.2), evaluated with shapely.

Neither SQLite nor a plain PostgreSQL has spatial types, so a geospatial
predicate such as ``st_within(location, geography'POLYGON(...)')`` is
evaluated in Python over the candidate entities and becomes, for the
database, the list of entities that satisfy it. Locations keep the point of
their geometry in ``lat``/``lon`` (see ``Location.save``): point locations
outside the literal's bounding box are left out in SQL before any geometry
is read. Coordinates are longitude, latitude as in GeoJSON and WKT;
``geo.distance`` and ``geo.length`` are planar, in degrees, as FROST-Server
answers them.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry.base import BaseGeometry

from cityloop.sensing.api import scope
from cityloop.sensing.api.errors import bad_request
from cityloop.sensing.models import Location
from cityloop.sensing.models.entities import geometry_of

# A predicate becomes a list of ids in SQL; past this many, ask for a narrower filter.
MAX_MATCHES = 20000

Predicate = Callable[[BaseGeometry, BaseGeometry], bool]

PREDICATES: dict[str, Predicate] = {
    "geo.intersects": lambda a, b: bool(a.intersects(b)),
    "st_equals": lambda a, b: bool(a.equals(b)),
    "st_disjoint": lambda a, b: bool(a.disjoint(b)),
    "st_touches": lambda a, b: bool(a.touches(b)),
    "st_within": lambda a, b: bool(a.within(b)),
    "st_overlaps": lambda a, b: bool(a.overlaps(b)),
    "st_crosses": lambda a, b: bool(a.crosses(b)),
    "st_intersects": lambda a, b: bool(a.intersects(b)),
    "st_contains": lambda a, b: bool(a.contains(b)),
}
# The same predicate with its arguments the other way round.
CONVERSE = {"st_within": "st_contains", "st_contains": "st_within"}
# Predicates that can only hold when the two geometries' bounding boxes meet.
NEED_OVERLAP = frozenset(PREDICATES) - {"st_disjoint"}

def shape_of(value: Any) -> BaseGeometry | None:
    """The geometry of a GeoJSON geometry or Feature, None when it is not GeoJSON."""
    geometry: BaseGeometry | None = geometry_of(value)
    return geometry


def relate(pattern: str) -> Predicate:
    if not re.fullmatch(r"[TF*012]{9}", pattern):
        raise bad_request(
            _("st_relate: %(pattern)s is not a DE-9IM pattern of nine characters "
              "from T F * 0 1 2.") % {"pattern": pattern[:20]}
        )
    return lambda a, b: bool(a.relate_pattern(b, pattern))


def transpose(pattern: str) -> str:
    """The DE-9IM pattern for the arguments swapped (the matrix transposed)."""
    return "".join(pattern[row * 3 + col] for col in range(3) for row in range(3))


COMPARE: dict[str, Callable[[float, float], bool]] = {
    "eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
    "lt": operator.lt, "le": operator.le,
}


def matching(
    model: type[models.Model],
    field: str,
    test: Callable[[BaseGeometry], bool],
    prefilter: Q | None = None,
) -> list[int]:
    """The ids of ``model`` rows whose geometry in ``field`` passes ``test``."""
    rows = scope.rows(model)  # only rows the reader may see can match
    if prefilter is not None:
        rows = rows.filter(prefilter)
    ids: list[int] = []
    for pk, value in rows.values_list("pk", field).iterator(chunk_size=2000):
        geometry = shape_of(value)
        if geometry is None or geometry.is_empty:
            continue
        try:
            passed = test(geometry)
        except (ShapelyError, GEOSException, ValueError):
            passed = False
        if passed:
            ids.append(pk)
            if len(ids) > MAX_MATCHES:
                raise bad_request(
                    _("A geospatial filter matches more than %(n)s entities; "
                      "narrow it with a smaller area or another condition.") % {"n": MAX_MATCHES}
                )
    return ids


def location_prefilter(bounds: tuple[float, float, float, float]) -> Q:
    """Point locations outside ``bounds`` (minx, miny, maxx, maxy) cannot match."""
    minx, miny, maxx, maxy = bounds
    inside = Q(lon__gte=minx, lon__lte=maxx, lat__gte=miny, lat__lte=maxy)
    return ~Q(location__type="Point") | Q(location__type="Point") & inside


def prefilter_for(model: type[models.Model], bounds: tuple[float, float, float, float] | None
                  ) -> Q | None:
    if model is Location and bounds is not None and all(map(math.isfinite, bounds)):
        return location_prefilter(bounds)
    return None


def grow(bounds: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = bounds
    return minx - by, miny - by, maxx + by, maxy + by
