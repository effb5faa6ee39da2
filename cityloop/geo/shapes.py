"""Parsing and checking GeoJSON geometries with shapely."""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

ALLOWED_TYPES = ("Polygon", "MultiPolygon")


class GeometryError(ValueError):
    """A geometry that cannot serve as an area; the message says why."""


def parse_geometry(geojson: Any) -> BaseGeometry:
    """A valid polygonal shapely geometry from a GeoJSON geometry object."""
    if not isinstance(geojson, dict):
        raise GeometryError("geometry must be a GeoJSON object")
    kind = geojson.get("type")
    if kind not in ALLOWED_TYPES:
        raise GeometryError(f"geometry type must be Polygon or MultiPolygon, not {kind!r}")
    try:
        shape = shapely.from_geojson(json.dumps(geojson))
    except (shapely.errors.GEOSException, ValueError, TypeError) as exc:
        raise GeometryError(f"geometry cannot be read: {exc}") from None
    if shape.is_empty:
        raise GeometryError("geometry is empty")
    if not shape.is_valid:
        raise GeometryError(f"geometry is invalid: {explain_validity(shape)}")
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    if min_lon < -180 or max_lon > 180 or min_lat < -90 or max_lat > 90:
        raise GeometryError("coordinates must be longitude, latitude in degrees (WGS 84)")
    return shape


def bounds_of(shape: BaseGeometry) -> tuple[float, float, float, float]:
    min_lon, min_lat, max_lon, max_lat = shape.bounds
    return float(min_lon), float(min_lat), float(max_lon), float(max_lat)
