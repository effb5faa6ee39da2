"""MultiDatastreams (OGC 18-088 §14.1, the MultiDatastream extension): one stream of
Observations whose result is an array, one element per ObservedProperty.

A weather station that reports temperature, humidity and pressure together
sends ``[21.5, 64, 1013]``: the i-th element is the i-th ObservedProperty,
measured in the i-th unit of ``unitOfMeasurements`` and of the i-th type of
``multiObservationDataTypes``. The order of the ObservedProperties is data,
so the link table keeps it in ``rank`` (as FROST-Server's does).

Observations of a MultiDatastream live in the Observation table beside the
others (``Observation.multi_datastream``); rollups, latest values and rules
stay per Datastream (docs/sensorthings.md).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.sensing.models.entities import ObservedProperty, Sensor, Thing

COMPLEX_OBSERVATION = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation"


class MultiDatastream(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    observation_type = models.CharField(_("observation type"), max_length=300,
                                        default=COMPLEX_OBSERVATION, editable=False)
    multi_observation_data_types = models.JSONField(
        _("observation types"), default=list,
        help_text=_("One OGC observation type per element of the results, in the order of "
                    "the observed properties."))
    unit_of_measurements = models.JSONField(
        _("units of measurement"), default=list,
        help_text=_('One unit per element of the results, as {"name": ..., "symbol": ..., '
                    '"definition": ...}, in the order of the observed properties.'))
    observed_area = models.JSONField(_("observed area"), null=True, blank=True, editable=False)
    phenomenon_time_start = models.DateTimeField(_("first observation"), null=True, blank=True,
                                                 editable=False)
    phenomenon_time_end = models.DateTimeField(_("last observation"), null=True, blank=True,
                                               editable=False)
    result_time_start = models.DateTimeField(null=True, blank=True, editable=False)
    result_time_end = models.DateTimeField(null=True, blank=True, editable=False)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="multi_datastreams",
                              verbose_name=_("thing"))
    sensor = models.ForeignKey(Sensor, on_delete=models.PROTECT, related_name="multi_datastreams",
                               verbose_name=_("sensor"))
    observed_properties: models.ManyToManyField[ObservedProperty, Any] = (
        models.ManyToManyField(ObservedProperty, through="MultiDatastreamObservedProperty",
                               related_name="multi_datastreams"))

    class Meta:
        verbose_name = _("multi-datastream")
        verbose_name_plural = _("multi-datastreams")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class MultiDatastreamObservedProperty(models.Model):
    """The i-th ObservedProperty of a MultiDatastream (``rank`` i, from 0)."""

    multi_datastream = models.ForeignKey(MultiDatastream, on_delete=models.CASCADE,
                                         related_name="links")
    observed_property = models.ForeignKey(ObservedProperty, on_delete=models.CASCADE,
                                          related_name="multi_datastream_links",
                                          verbose_name=_("observed property"))
    rank = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("observed property of a multi-datastream")
        verbose_name_plural = _("observed properties, in the order of the results")
        ordering = ["multi_datastream", "rank"]
        constraints = [
            # An ObservedProperty appears once (FROST-Server's link table has this key); ranks
            # are not unique in the table, so the admin can reorder rows one by one.
            models.UniqueConstraint(fields=["multi_datastream", "observed_property"],
                                    name="mds_observed_property_once"),
        ]

    def __str__(self) -> str:
        return f"[{self.rank}] {self.observed_property}"
