"""What a key limited to departments may write (``ApiClient.departments``, docs/api-keys.md).

A Thing belongs to the department whose code its properties name:
``{"department": "water"}`` (a ``catalogue.Department`` code). SensorThings
has no notion of a department, and properties are what every client already
reads and writes, so a gateway sets it in the request that creates the Thing.
A key with ``sta:write`` limited to departments writes only:

- Things of its departments (or of a unit below one), before and after the
  change: it cannot create a Thing of another department, nor move one of
  its Things to another department, nor take another's in;
- what hangs below those Things: their Datastreams, MultiDatastreams,
  Observations and HistoricalLocations;
- shared entities (Locations, Sensors, ObservedProperties,
  FeaturesOfInterest) when every Thing reached through them is one of its
  own; a new one, or one nothing uses yet, is free.

Every row a write saves is checked as it is saved (``pre_save`` and
``m2m_changed`` while ``writing`` is active) rather than at each of the
many places a deep insert, a navigation POST or a PATCH of links saves
one, so no write path can forget the check, as no read path can forget
``scope.rows``. Observations are stored by ``ingest`` without the ORM, so
``check_streams`` is called there; a DELETE checks what it would remove
before removing it (``check_delete``). A refusal is a 403 and, being raised
inside the request's transaction, leaves nothing written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.signals import m2m_changed, pre_save
from django.utils.translation import gettext as _

from cityloop.cases.models import ApiClient
from cityloop.sensing.api.errors import StaError
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

DEPARTMENT_PROPERTY = "department"

@dataclass(frozen=True)
class Limit:
    """The departments a key writes: the codes of its departments and of every unit
    below them, and the ones it was given (which messages name)."""

    codes: frozenset[str]
    chosen: tuple[str, ...]

    def __contains__(self, code: object) -> bool:
        return code in self.codes


# What the current write is limited to; None: not limited.
_limit: ContextVar[Limit | None] = ContextVar("sta_write_departments", default=None)


@contextmanager
def writing(client: ApiClient) -> Iterator[None]:
    """Within the block, every row saved must be one ``client`` may write."""
    codes = client.department_codes()
    chosen = tuple(sorted(d.code for d in client.departments.all()))
    token = _limit.set(None if codes is None else Limit(codes, chosen))
    try:
        yield
    finally:
        _limit.reset(token)


def department_of(properties: object) -> str | None:
    """The department code a Thing's properties give, if any."""
    if isinstance(properties, dict):
        code = properties.get(DEPARTMENT_PROPERTY)
        if isinstance(code, str):
            return code
    return None


def _refusal(codes: Limit, what: str) -> StaError:
    return StaError(
        403,
        _("This API key writes only the Things of the departments %(departments)s and the "
          "units below them (by their properties.department), and what belongs to those "
          "Things; %(what)s.")
        % {"departments": ", ".join(codes.chosen), "what": what},
    )


def _reached(model: type[models.Model], pk: Any) -> QuerySet[Thing]:
    """The Things a change to (or the removal of) row ``pk`` of ``model`` reaches."""
    if model is Thing:
        return Thing.objects.filter(pk=pk)
    if model is Datastream:
        return Thing.objects.filter(datastreams=pk)
    if model is MultiDatastream:
        return Thing.objects.filter(multi_datastreams=pk)
    if model is Observation:
        return Thing.objects.filter(Q(datastreams__observations=pk)
                                    | Q(multi_datastreams__observations=pk))
    if model is HistoricalLocation:
        return Thing.objects.filter(historical_locations=pk)
    if model is Location:
        # Where Things are, and where they were: removing a Location removes history.
        return Thing.objects.filter(Q(locations=pk) | Q(historical_locations__locations=pk))
    if model is Sensor:
        return Thing.objects.filter(Q(datastreams__sensor=pk) | Q(multi_datastreams__sensor=pk))
    if model is ObservedProperty:
        return Thing.objects.filter(Q(datastreams__observed_property=pk)
                                    | Q(multi_datastreams__observed_properties=pk))
    if model is FeatureOfInterest:
        return Thing.objects.filter(
            Q(datastreams__observations__feature_of_interest=pk)
            | Q(multi_datastreams__observations__feature_of_interest=pk))
    raise LookupError(f"no department rule for {model.__name__}")


def _check(codes: Limit, things: QuerySet[Thing], what: str,
           **params: Any) -> None:
    """Refuse unless every Thing in ``things`` is of ``codes``; ``what`` says what was
    refused, naming the first other Thing as ``%(thing)s``."""
    own = Thing.objects.filter(
        **{f"properties__{DEPARTMENT_PROPERTY}__in": sorted(codes.codes)})
    # By primary key, not by excluding the JSON condition: a Thing without the
    # property would fall out of both sides of an exclude (SQL NULL).
    foreign = things.exclude(pk__in=own.values("pk")).values_list("pk", flat=True).first()
    if foreign is not None:
        raise _refusal(codes, what % {**params, "thing": f"Thing({foreign})"})


def _check_row(codes: Limit, model: type[models.Model], pk: Any) -> None:
    if model is Thing:
        _check(codes, _reached(model, pk), _("%(thing)s belongs to another department"))
    else:
        _check(codes, _reached(model, pk),
               _("%(entity)s(%(id)s) belongs to, or is used by, %(thing)s of another "
                 "department"), entity=model.__name__, id=pk)


def check_delete(obj: models.Model) -> None:
    """Before a DELETE: everything it would remove must be the key's to write."""
    codes = _limit.get()
    if codes is not None:
        _check_row(codes, type(obj), obj.pk)


def check_streams(datastream_ids: Iterable[int], multi: Iterable[int] = ()) -> None:
    """Before observations are ingested into these datastreams (and MultiDatastreams)."""
    codes = _limit.get()
    if codes is None:
        return
    ids, multi_ids = sorted(set(datastream_ids)), sorted(set(multi))
    if ids:
        _check(codes, Thing.objects.filter(datastreams__in=ids),
               _("observations go to a Datastream of %(thing)s, of another department"))
    if multi_ids:
        _check(codes, Thing.objects.filter(multi_datastreams__in=multi_ids),
               _("observations go to a MultiDatastream of %(thing)s, of another department"))


def _before_save(sender: type[models.Model], instance: Any, raw: bool = False,
                 **_kwargs: Any) -> None:
    codes = _limit.get()
    if codes is None or raw:
        return
    adding = instance._state.adding
    if sender is Thing:
        if department_of(instance.properties) not in codes:
            raise _refusal(codes, _("a Thing it creates or changes must name one of them in "
                                    'its properties: "properties": {"department": "<code>"}'))
    elif sender in (Datastream, MultiDatastream, HistoricalLocation):
        _check_row(codes, Thing, instance.thing_id)
    elif sender is Observation:
        if instance.multi_datastream_id is not None:
            _check_row(codes, MultiDatastream, instance.multi_datastream_id)
        else:
            _check_row(codes, Datastream, instance.datastream_id)
    if not adding:
        # What the row was before this change must have been the key's too.
        _check_row(codes, sender, instance.pk)


def _relinked(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any,
              **_kwargs: Any) -> None:
    """A Thing's Locations, or a HistoricalLocation's, change from either side."""
    codes = _limit.get()
    if codes is None or action not in {"pre_add", "pre_remove", "pre_clear"}:
        return
    history = sender is HistoricalLocation.locations.through
    if not reverse:  # instance: the Thing or the HistoricalLocation
        _check_row(codes, HistoricalLocation if history else Thing, instance.pk)
        return
    # instance: a Location; pk_set: the Things or HistoricalLocations (None: all, on clear)
    if history:
        changed = HistoricalLocation.objects.filter(locations=instance.pk)
        if pk_set is not None:
            changed = HistoricalLocation.objects.filter(pk__in=pk_set)
        things = Thing.objects.filter(historical_locations__in=changed.values("pk"))
    else:
        things = (Thing.objects.filter(pk__in=pk_set) if pk_set is not None
                  else Thing.objects.filter(locations=instance.pk))
    _check(codes, things, _("%(thing)s belongs to another department"))


for _model in (Thing, Location, HistoricalLocation, Datastream, MultiDatastream, Sensor,
               ObservedProperty, FeatureOfInterest, Observation):
    pre_save.connect(_before_save, sender=_model,
                     dispatch_uid=f"sta-departments-{_model.__name__}")
m2m_changed.connect(_relinked, sender=Thing.locations.through,
                    dispatch_uid="sta-departments-thing-locations")
m2m_changed.connect(_relinked, sender=HistoricalLocation.locations.through,
                    dispatch_uid="sta-departments-history-locations")
