"""Warnings as GeoJSON for the public map: one feature per warned area or drawn polygon.

Outlines come from the in-memory area index, simplified as in the CAP
document (rings.py), so the page does not carry a district's every point.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import shapely

from cityloop.geo import index
from cityloop.warnings.areas import polygon_shape
from cityloop.warnings.models import Warning
from cityloop.warnings.rings import simplified


def _feature(shape: Any, warning: Warning, label: str) -> dict[str, Any]:
    return {"type": "Feature",
            "geometry": shapely.geometry.mapping(simplified(shape)),
            "properties": {"identifier": warning.identifier, "severity": warning.severity,
                           "headline": warning.text("headline"), "area": label}}


def collection(warnings: Iterable[Warning]) -> dict[str, Any]:
    """A FeatureCollection of the warnings' areas (prefetch ``areas``)."""
    features: list[dict[str, Any]] = []
    for warning in warnings:
        for area in warning.areas.all():
            shape = index.shape_of(area.pk)
            if shape is not None:
                features.append(_feature(shape, warning, area.display_name))
        drawn = polygon_shape(warning.polygon)
        if drawn is not None:
            features.append(_feature(drawn, warning, warning.text("headline")))
    return {"type": "FeatureCollection", "features": features}
