"""A Datastream's observedArea (OGC 18-088 §8.2.4): the area of its FeaturesOfInterest.

As FROST-Server keeps it, it is the convex hull of the geometries of the
features its Observations have been made of: a point while there is one
place, a line for two, a polygon beyond. Ingest widens it when a
FeatureOfInterest is used with a Datastream for the first time. Which
(datastream, feature) pairs are already inside is remembered per process,
so the steady stream of observations of known features costs a set lookup
per batch and datastream, never a geometry; a process that has not seen a
pair yet reads the area and the feature once, and writes only when the
feature lies outside. The area only grows: deleting observations does not
shrink it (FROST does not either).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from cityloop.sensing.models import Datastream, FeatureOfInterest
from cityloop.sensing.models.entities import geometry_of as shape_of

Pair = tuple[int, int]  # (datastream id, feature of interest id)
_LIMIT = 1_000_000


class KnownPairs:
    """The (datastream, feature) pairs whose feature is known to lie in the area, each
    trusted for ``SHARED_CACHE_CHECK_SECONDS`` (as ``ingest.cache``), so an area changed
    by another process is looked at again within that bound."""

    def __init__(self) -> None:
        self.pairs: dict[Pair, float] = {}

    def unknown(self, pairs: Iterable[Pair]) -> set[Pair]:
        since = time.monotonic() - settings.SHARED_CACHE_CHECK_SECONDS
        known = self.pairs
        return {pair for pair in pairs if known.get(pair, -1.0) <= since}

    def remember(self, pairs: set[Pair]) -> None:
        if len(self.pairs) > _LIMIT:
            self.pairs = {}
        now = time.monotonic()
        for pair in pairs:
            self.pairs[pair] = now

    def forget(self, datastream_id: int | None = None) -> None:
        if datastream_id is None:
            self.pairs = {}
        else:
            self.pairs = {p: t for p, t in self.pairs.items() if p[0] != datastream_id}


known = KnownPairs()


def widen(pairs: Iterable[Pair]) -> None:
    """Grow the observedArea of each datastream over its new features, once the caller's
    transaction has committed.

    In a transaction of its own: taken inside ingest's, the lock on the datastream
    rows would come after the rollups' and before or after the time ranges' in an
    order other batches do not share, and concurrent batches would deadlock. A process
    that stops in between has not remembered the pairs, so it checks them again.
    """
    new = known.unknown(pairs)
    if new:
        transaction.on_commit(lambda: _widen_committed(new), robust=True)


def _widen_committed(pairs: set[Pair]) -> None:
    with transaction.atomic():
        widen_now(pairs)
    known.remember(pairs)


def widen_now(pairs: set[Pair], model: type[models.Model] | None = None) -> None:
    """Widen each (stream, feature)'s area now; ``model``: Datastream (the default) or
    MultiDatastream (``ingest.multi``)."""
    model = model or Datastream
    by_stream: dict[int, set[int]] = {}
    for stream, feature in pairs:
        by_stream.setdefault(stream, set()).add(feature)
    geometries = _geometries({f for _s, f in pairs})
    rows = model._default_manager.filter(pk__in=sorted(by_stream)).order_by("pk")
    if connection.features.has_select_for_update:
        # Two workers widening one area must not lose each other's feature. NO KEY
        # UPDATE does not wait for ingest's foreign-key checks on the same rows.
        rows = rows.select_for_update(no_key=True, of=("self",))
    for stream, area_json in rows.values_list("pk", "observed_area"):
        area = shape_of(area_json)
        outside = [g for f in by_stream[stream] if (g := geometries.get(f)) is not None
                   and (area is None or not area.covers(g))]
        if not outside:
            continue
        grown = hull([area, *outside] if area is not None else outside)
        model._default_manager.filter(pk=stream).update(observed_area=to_geojson(grown))


def hull(geometries: list[BaseGeometry]) -> BaseGeometry:
    return unary_union(geometries).convex_hull


def to_geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """GeoJSON with lists, as the column holds what clients send."""
    data: dict[str, Any] = _lists(mapping(geometry))
    return data


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value


def _geometries(feature_ids: set[int]) -> dict[int, BaseGeometry]:
    found: dict[int, BaseGeometry] = {}
    for pk, feature in FeatureOfInterest.objects.filter(pk__in=feature_ids).values_list(
            "pk", "feature"):
        geometry = shape_of(feature)
        if geometry is not None and not geometry.is_empty:
            found[pk] = geometry
    return found


def fill_all(datastreams: Any, observations: Any, features: Any) -> None:
    """The observedArea of every datastream from its observations (the migration's fill)."""
    pairs = observations.exclude(feature_of_interest=None).values_list(
        "datastream_id", "feature_of_interest_id").distinct()
    by_stream: dict[int, set[int]] = {}
    for stream, feature in pairs.iterator():
        by_stream.setdefault(stream, set()).add(feature)
    shapes: dict[int, BaseGeometry | None] = {}
    for stream, feature_ids in by_stream.items():
        missing = [f for f in feature_ids if f not in shapes]
        for pk, feature in features.filter(pk__in=missing).values_list("pk", "feature"):
            shapes[pk] = shape_of(feature)
        parts = [g for f in feature_ids if (g := shapes.get(f)) is not None and not g.is_empty]
        if parts:
            datastreams.filter(pk=stream).update(observed_area=to_geojson(hull(parts)))
