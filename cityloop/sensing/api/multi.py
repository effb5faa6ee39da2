"""MultiDatastreams (OGC 18-088 §14.1) as the API writes them: their three parallel lists.

A MultiDatastream's ``unitOfMeasurements``, ``multiObservationDataTypes`` and
ObservedProperties are lists of one length, the i-th of each describing the
i-th element of every result, and its ``observationType`` is always
OM_ComplexObservation. The spec says so; as FROST-Server, a write that
breaks it is a 400 naming the sizes. ObservedProperties keep the order they
were given in (``MultiDatastreamObservedProperty.rank``); one given twice is
refused, and a MultiDatastream cannot be added from the ObservedProperty's
side (``ObservedProperties(1)/MultiDatastreams``), where no order is given:
FROST-Server refuses that too.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import bad_request
from cityloop.sensing.models import (
    COMPLEX_OBSERVATION,
    MultiDatastream,
    MultiDatastreamObservedProperty,
)


def check_fields(fields: dict[str, Any]) -> None:
    """The values of a MultiDatastream's own properties (before it is saved)."""
    kind = fields.get("observation_type")
    if kind is not None and kind != COMPLEX_OBSERVATION:
        raise bad_request(_("MultiDatastream.observationType must be %(type)s.")
                          % {"type": COMPLEX_OBSERVATION})
    units = fields.get("unit_of_measurements")
    if units is not None and (not isinstance(units, list)
                              or not all(isinstance(u, dict) for u in units)):
        raise bad_request(_("MultiDatastream.unitOfMeasurements must be a JSON array of units, "
                            'each {"name": ..., "symbol": ..., "definition": ...}.'))
    types = fields.get("multi_observation_data_types")
    if types is not None and (not isinstance(types, list)
                              or not all(isinstance(t, str) for t in types)):
        raise bad_request(_("MultiDatastream.multiObservationDataTypes must be a JSON array of "
                            "observation type URIs."))


def check_sizes(obj: MultiDatastream) -> None:
    """The three lists have one length (after its ObservedProperties are linked)."""
    units = len(obj.unit_of_measurements)
    types = len(obj.multi_observation_data_types)
    if units != types:
        raise bad_request(
            _("MultiDatastream: the size of unitOfMeasurements (%(units)s) is not equal to the "
              "size of multiObservationDataTypes (%(types)s).") % {"units": units, "types": types})
    properties = obj.links.count()
    if properties != types:
        raise bad_request(
            _("MultiDatastream: the number of ObservedProperties (%(count)s) is not equal to "
              "the size of multiObservationDataTypes (%(types)s); give one ObservedProperty "
              "per element of the results, in their order.")
            % {"count": properties, "types": types})


def link(obj: models.Model, observed: list[models.Model], *, replace: bool = False) -> None:
    """Append ``observed`` to a MultiDatastream's ObservedProperties, in order (or replace
    them), then check the sizes."""
    assert isinstance(obj, MultiDatastream)
    if replace:
        obj.links.all().delete()
    current = list(obj.links.values_list("observed_property_id", flat=True))
    ids = [o.pk for o in observed]
    if len(set(current + ids)) != len(current) + len(ids):
        raise bad_request(_("MultiDatastream.ObservedProperties: an ObservedProperty is given "
                            "twice; each element of the results has its own."))
    start = len(current)
    MultiDatastreamObservedProperty.objects.bulk_create([
        MultiDatastreamObservedProperty(multi_datastream=obj, observed_property_id=pk,
                                        rank=start + index)
        for index, pk in enumerate(ids)])
    check_sizes(obj)


def from_observed_property() -> Exception:
    return bad_request(_("A MultiDatastream cannot be added to an ObservedProperty: create it "
                         "with its ObservedProperties, in the order of its results."))
