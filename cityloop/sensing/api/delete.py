"""DELETE (OGC 18-088 §10.4) with the integrity rules of the data model: an entity goes
with the entities that cannot exist without it.

- Thing: its Datastreams (with their Observations) and HistoricalLocations;
  its Locations stay (other Things may be there).
- Location: the HistoricalLocations left without any Location.
- Datastream: its Observations. Sensor, ObservedProperty: their Datastreams.
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
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)


def delete(obj: models.Model) -> None:
    if isinstance(obj, Thing):
        Datastream.objects.filter(thing=obj).delete()
    elif isinstance(obj, Sensor):
        Datastream.objects.filter(sensor=obj).delete()
    elif isinstance(obj, ObservedProperty):
        Datastream.objects.filter(observed_property=obj).delete()
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
        derived.refresh(span["datastream_id"], span["first"], span["last"])
