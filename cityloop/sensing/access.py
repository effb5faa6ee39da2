"""Who may see which sensor data: the one rule of the sensor pages, SensorThings and MQTT.

Aggregate vital signs are public (that is their point). A Thing's own data
is public when it says so in its properties (``{"public": true}``): river
levels and air quality yes, a private building's tilt meter no; a Thing
without the mark is private. A datastream of a public Thing may opt out
with ``{"public": false}`` (never in: what a private Thing holds stays
private). Staff see every Thing (Things carry no department yet, so there
is nothing narrower to check); so does an API key with the ``sta:read`` scope.

Everything reached through a Thing follows it: its Locations,
HistoricalLocations, Datastreams, MultiDatastreams and their Observations. Sensors,
ObservedProperties, FeaturesOfInterest and Locations are shared; one is
hidden when every link it has leads to hidden data (a Sensor used only by
private datastreams), and shown when it has none yet (nothing private is
reached through it).

``rows(model, reader)`` is the queryset a reader may see; SensorThings starts
every query from it, so a path, ``$expand`` or ``$filter`` cannot reach past it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from cityloop.cases.models.client import STA_READ, ApiClient
from cityloop.cases.policy import AnyUser, is_staff
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


@dataclass(frozen=True)
class Reader:
    """Who asks: a signed-in (or anonymous) user and, for the APIs, the key sent if any."""

    user: AnyUser | None = None
    client: ApiClient | None = None


def key_reads_private(client: ApiClient) -> bool:
    """Whether an API key may read private Things: an active key with ``sta:read``.

    ``sta:write`` alone does not read them (a gateway writing public river
    gauges learns nothing of the tilt meters), and a key that cannot see a
    private Thing cannot write it either: SensorThings finds entities through
    these same rows.
    """
    return bool(client.active) and client.has_scope(STA_READ)


def sees_private(reader: Reader) -> bool:
    if reader.user is not None and is_staff(reader.user):
        return True
    return reader.client is not None and key_reads_private(reader.client)


def _own_mark_allows() -> Q:
    return Q(properties__public=True) | ~Q(properties__has_key="public")


def public_things() -> QuerySet[Thing]:
    return Thing.objects.filter(properties__public=True)


def public_datastreams() -> QuerySet[Datastream]:
    return Datastream.objects.filter(_own_mark_allows(), thing__in=public_things())


def public_multi_datastreams() -> QuerySet[MultiDatastream]:
    return MultiDatastream.objects.filter(_own_mark_allows(), thing__in=public_things())


def _public_observations() -> QuerySet[Observation]:
    return Observation.objects.filter(Q(datastream__in=public_datastreams())
                                      | Q(multi_datastream__in=public_multi_datastreams()))


def _linked_or_unused(*links: tuple[QuerySet[Any], str]) -> Q:
    """Rows with a visible link through one of the (rows, field) ``links``, or no link."""
    visible, unused = Q(), Q()
    for link, field in links:
        every = link.model._default_manager.filter(**{field: OuterRef("pk")})
        visible |= Q(Exists(link.filter(**{field: OuterRef("pk")})))
        unused &= ~Q(Exists(every))
    return visible | unused


def _public_rows(model: type[models.Model]) -> QuerySet[Any]:
    if model is Thing:
        return public_things()
    if model is Datastream:
        return public_datastreams()
    if model is MultiDatastream:
        return public_multi_datastreams()
    if model is Observation:
        return _public_observations()
    if model is HistoricalLocation:
        return HistoricalLocation.objects.filter(thing__in=public_things())
    if model is Location:
        through = Thing.locations.through.objects.filter(thing__in=public_things())
        return Location.objects.filter(_linked_or_unused((through, "location")))
    if model is Sensor:
        return Sensor.objects.filter(_linked_or_unused(
            (public_datastreams(), "sensor"), (public_multi_datastreams(), "sensor")))
    if model is ObservedProperty:
        return ObservedProperty.objects.filter(_linked_or_unused(
            (public_datastreams(), "observed_property"),
            (public_multi_datastreams(), "observed_properties")))
    if model is FeatureOfInterest:
        return FeatureOfInterest.objects.filter(
            _linked_or_unused((_public_observations(), "feature_of_interest")))
    raise LookupError(f"no visibility rule for {model.__name__}")


def rows(model: type[models.Model], reader: Reader) -> QuerySet[Any]:
    """Every row of ``model`` (a sensing entity) that ``reader`` may see."""
    if sees_private(reader):
        return model._default_manager.all()
    return _public_rows(model)


def may_see_thing(reader: Reader, thing: Thing) -> bool:
    return rows(Thing, reader).filter(pk=thing.pk).exists()


def visible(user: AnyUser, datastreams: QuerySet[Datastream]) -> QuerySet[Datastream]:
    """The sensor pages' datastreams, by the same rule as SensorThings."""
    return datastreams.filter(pk__in=rows(Datastream, Reader(user)).values("pk"))


def may_see(user: AnyUser, datastream: Datastream) -> bool:
    return visible(user, Datastream.objects.filter(pk=datastream.pk)).exists()
