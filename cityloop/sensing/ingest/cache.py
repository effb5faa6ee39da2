"""What ingest needs to know about datastreams and features, kept in memory.

Every batch asks the same questions: does Datastream 17 exist, does it take
numbers, which FeatureOfInterest stands for its Thing's Location, does
FeatureOfInterest 9 exist. The answers change rarely, so each process keeps
them and asks the database only about ids it has not seen, or has not
checked for ``CITYLOOP_CACHE_CHECK_SECONDS`` (the same bound on staleness as
``SharedCache``; the test suite checks on every use). That is one query per
batch for whatever is missing, never one per row; and changes made in this
process (signals below) are seen at once.

A datastream deleted in another process within that window is caught by the
foreign key: ``ingest`` then forgets everything and tries the batch again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from cityloop.sensing.ingest import area
from cityloop.sensing.models import Datastream, FeatureOfInterest, Location, Thing

# Observation types whose results are numbers (OGC 18-088 §8.2.4, Table 12).
NUMERIC_TYPES = frozenset({
    "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
    "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation",
})
_LIMIT = 1_000_000  # entries per map before it is dropped and rebuilt as used


@dataclass(frozen=True)
class StreamInfo:
    id: int
    thing_id: int
    observation_type: str

    @property
    def numeric(self) -> bool:
        return self.observation_type in NUMERIC_TYPES


class IngestCache:
    def __init__(self) -> None:
        self._streams: dict[int, tuple[StreamInfo, float]] = {}
        self._features: dict[int, float] = {}
        self._thing_features: dict[int, tuple[int | None, float]] = {}

    def clear(self) -> None:
        self._streams = {}
        self._features = {}
        self._thing_features = {}

    @staticmethod
    def _fresh_since() -> float:
        return time.monotonic() - settings.SHARED_CACHE_CHECK_SECONDS

    def streams(self, ids: Iterable[int]) -> dict[int, StreamInfo]:
        """The datastreams among ``ids`` that exist."""
        since = self._fresh_since()
        known = self._streams
        found: dict[int, StreamInfo] = {}
        missing = []
        for ds in ids:
            entry = known.get(ds)
            if entry is not None and entry[1] > since:
                found[ds] = entry[0]
            else:
                missing.append(ds)
        if missing:
            now = time.monotonic()
            if len(known) > _LIMIT:
                known = self._streams = {}
            for ds, thing, kind in Datastream.objects.filter(id__in=missing).values_list(
                "id", "thing_id", "observation_type"
            ):
                found[ds] = info = StreamInfo(ds, thing, kind)
                known[ds] = (info, now)
            for ds in missing:
                if ds not in found:
                    known.pop(ds, None)
        return found

    def existing_features(self, ids: Iterable[int]) -> set[int]:
        """The FeaturesOfInterest among ``ids`` that exist."""
        since = self._fresh_since()
        wanted = set(ids)
        present = {f for f in wanted if self._features.get(f, -1.0) > since}
        missing = wanted - present
        if missing:
            if len(self._features) > _LIMIT:
                self._features = {}
            now = time.monotonic()
            for f in FeatureOfInterest.objects.filter(id__in=missing).values_list("id", flat=True):
                present.add(f)
                self._features[f] = now
        return present

    def thing_features(self, thing_ids: Iterable[int]) -> dict[int, int | None]:
        """The FeatureOfInterest made from each Thing's Location; None for a Thing without one.

        OGC 18-088 §8.2.7 / §10.2: an Observation created without a
        FeatureOfInterest gets one generated from the Location of its
        Thing, reused while that Location stays the same.
        """
        since = self._fresh_since()
        answer: dict[int, int | None] = {}
        missing = []
        for thing in set(thing_ids):
            entry = self._thing_features.get(thing)
            if entry is not None and entry[1] > since:
                answer[thing] = entry[0]
            else:
                missing.append(thing)
        if missing:
            made = _features_for_things(missing)
            answer.update(made)
            # Remember them once they are committed: a FeatureOfInterest
            # created in a transaction that rolls back must not be reused.
            transaction.on_commit(lambda: self._remember_things(made))
        return answer

    def _remember_things(self, made: dict[int, int | None]) -> None:
        if len(self._thing_features) > _LIMIT:
            self._thing_features = {}
        now = time.monotonic()
        for thing, feature in made.items():
            self._thing_features[thing] = (feature, now)
            if feature is not None:
                self._features[feature] = now

    def forget_things(self, thing_ids: Iterable[int] | None = None) -> None:
        if thing_ids is None:
            self._thing_features = {}
            return
        for thing in thing_ids:
            self._thing_features.pop(thing, None)


def _features_for_things(thing_ids: list[int]) -> dict[int, int | None]:
    """Find or create the FeatureOfInterest of each Thing's (newest) Location."""
    through: Any = Thing.locations.through
    location_of: dict[int, int] = {}
    for thing, location in through.objects.filter(thing_id__in=thing_ids).values_list(
        "thing_id", "location_id"
    ):
        location_of[thing] = max(location, location_of.get(thing, 0))
    locations = Location.objects.in_bulk(set(location_of.values()))
    feature_of_location = {pk: feature_for(
        {"name": loc.name, "description": loc.description, "encodingType": loc.encoding_type,
         "feature": loc.location}) for pk, loc in locations.items()}
    return {thing: feature_of_location.get(location_of.get(thing, 0)) for thing in thing_ids}


def feature_for(spec: dict[str, Any]) -> int:
    """The id of a FeatureOfInterest equal to ``spec`` (name, encodingType, feature), made if new.

    Devices that send the same inline feature with every observation, and
    Things whose Location does not move, reuse one FeatureOfInterest.
    """
    name, feature = spec["name"], spec["feature"]
    encoding = spec.get("encodingType") or "application/geo+json"
    for pk, existing, existing_encoding in FeatureOfInterest.objects.filter(name=name).values_list(
        "id", "feature", "encoding_type"
    ).order_by("id"):
        if existing == feature and existing_encoding == encoding:
            return int(pk)
    created = FeatureOfInterest.objects.create(
        name=name, description=spec.get("description") or "", encoding_type=encoding,
        feature=feature, properties=spec.get("properties") or {},
    )
    return int(created.pk)


cache = IngestCache()


def _datastream_changed(instance: Datastream, **kwargs: object) -> None:
    cache._streams.pop(instance.pk, None)
    area.known.forget(instance.pk)  # its observedArea may have been written


def _feature_deleted(instance: FeatureOfInterest, **kwargs: object) -> None:
    cache._features.pop(instance.pk, None)
    cache.forget_things()


def _locations_changed(**kwargs: object) -> None:
    cache.forget_things()


post_save.connect(_datastream_changed, sender=Datastream, dispatch_uid="ingest-datastream")
post_delete.connect(_datastream_changed, sender=Datastream, dispatch_uid="ingest-datastream-del")
post_delete.connect(_feature_deleted, sender=FeatureOfInterest, dispatch_uid="ingest-feature-del")
post_save.connect(_locations_changed, sender=Location, dispatch_uid="ingest-location")
post_delete.connect(_locations_changed, sender=Location, dispatch_uid="ingest-location-del")
m2m_changed.connect(_locations_changed, sender=Thing.locations.through,
                    dispatch_uid="ingest-thing-locations")
