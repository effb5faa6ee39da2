"""DELETE (OGC 18-088 §10.4) with the integrity rules of the data model: an entity goes
with the entities that cannot exist without it.

- Thing: its Datastreams and MultiDatastreams (with their Observations) and
  HistoricalLocations;
  its Locations stay (other Things may be there).
- Location: the HistoricalLocations left without any Location.
- Datastream, MultiDatastream: its Observations. Sensor, ObservedProperty: their
  Datastreams and MultiDatastreams (§14.1; as FROST-Server).
- FeatureOfInterest: its Observations.
- Observation: the rollups and latest value it counted in are rebuilt.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Count, Max, Min

from cityloop.sensing.api import derived
from cityloop.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    MultiDatastream,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)


def delete(obj: models.Model) -> None:
    if isinstance(obj, Thing):
        Datastream.objects.filter(thing=obj).delete()
        MultiDatastream.objects.filter(thing=obj).delete()
    elif isinstance(obj, Sensor):
        Datastream.objects.filter(sensor=obj).delete()
        MultiDatastream.objects.filter(sensor=obj).delete()
    elif isinstance(obj, ObservedProperty):
        Datastream.objects.filter(observed_property=obj).delete()
        # As FROST-Server: without one of its ObservedProperties a MultiDatastream's
        # results no longer say what they are.
        MultiDatastream.objects.filter(observed_properties=obj).delete()
    elif isinstance(obj, Location):
        HistoricalLocation.objects.filter(pk__in=_only_here(obj)).delete()
    elif isinstance(obj, FeatureOfInterest):
        _delete_observations(Observation.objects.filter(feature_of_interest=obj))
    elif isinstance(obj, Observation):
        _delete_observations(Observation.objects.filter(pk=obj.pk))
        return
    obj.delete()


def _only_here(location: Location) -> Any:
    """HistoricalLocations whose only Location is ``location``."""
    # Count before filtering: a filter on the same relation first would count only this one.
    return (HistoricalLocation.objects.annotate(n=Count("locations", distinct=True))
            .filter(n=1, locations=location).values("pk"))


def _delete_observations(rows: models.QuerySet[Observation]) -> None:
    spans = list(rows.order_by().values("datastream_id").annotate(
        first=Min("phenomenon_time"), last=Max("phenomenon_time")))
    rows.delete()
    for span in spans:
        if span["datastream_id"] is None:  # a MultiDatastream's: no rollups to rebuild
            continue
        derived.refresh(span["datastream_id"], span["first"], span["last"])
