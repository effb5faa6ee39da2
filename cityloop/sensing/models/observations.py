"""Observations (OGC 18-088 §8.2.8) and what ingest keeps about them.

Observations are the volume (millions a day), so their table is narrow: a
numeric result has its own column (what rules and rollups read), anything
else goes to ``result_json``. Per-minute rollups and the latest observation
per datastream are maintained on ingest (``sensing.ingest``), so dashboards
and rules never scan raw observations.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.sensing.models.entities import Datastream, FeatureOfInterest
from cityloop.sensing.models.multidatastreams import MultiDatastream


class Observation(models.Model):
    """One measurement. ``result_number`` holds numeric results (what rules read).

    It belongs to a Datastream or to a MultiDatastream (its result then an array
    in ``result_json``), never both (the ``obs_one_stream`` constraint).
    """

    id = models.BigAutoField(primary_key=True)
    datastream = models.ForeignKey(
        Datastream, on_delete=models.CASCADE, related_name="observations", db_index=False,
        null=True, blank=True,
    )
    multi_datastream = models.ForeignKey(
        MultiDatastream, on_delete=models.CASCADE, related_name="observations",
        db_index=False, null=True, blank=True,
    )
    phenomenon_time = models.DateTimeField()
    phenomenon_time_end = models.DateTimeField(null=True, blank=True)
    result_time = models.DateTimeField(null=True, blank=True)
    result_number = models.FloatField(null=True, blank=True)
    result_json = models.JSONField(null=True, blank=True)  # non-numeric results
    result_quality = models.JSONField(null=True, blank=True)
    valid_time_start = models.DateTimeField(null=True, blank=True)
    valid_time_end = models.DateTimeField(null=True, blank=True)
    parameters = models.JSONField(null=True, blank=True)
    feature_of_interest = models.ForeignKey(
        FeatureOfInterest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
    )

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        indexes = [
            models.Index(fields=["datastream", "phenomenon_time"], name="obs_stream_time"),
            models.Index(fields=["multi_datastream", "phenomenon_time"], name="obs_multi_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(datastream__isnull=False, multi_datastream__isnull=True)
                           | models.Q(datastream__isnull=True, multi_datastream__isnull=False)),
                name="obs_one_stream",
            ),
        ]

    def __str__(self) -> str:
        stream = self.datastream_id or f"M{self.multi_datastream_id}"
        return f"{stream}@{self.phenomenon_time.isoformat()}"


class Rollup(models.Model):
    """Count, sum, minimum and maximum of one datastream's numeric results in one minute."""

    datastream = models.ForeignKey(Datastream, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField()
    total = models.FloatField()
    minimum = models.FloatField()
    maximum = models.FloatField()

    class Meta:
        verbose_name = _("rollup")
        constraints = [
            models.UniqueConstraint(fields=["datastream", "minute"], name="rollup_minute"),
        ]

    def __str__(self) -> str:
        return f"{self.datastream_id}@{self.minute.isoformat()}"


class LatestObservation(models.Model):
    """The newest observation of each datastream (by phenomenon time)."""

    datastream = models.OneToOneField(
        Datastream, on_delete=models.CASCADE, primary_key=True, related_name="latest"
    )
    observation_id = models.BigIntegerField()
    phenomenon_time = models.DateTimeField()
    result_number = models.FloatField(null=True, blank=True)
    result_json = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("latest observation")

    def __str__(self) -> str:
        return f"{self.datastream_id}: {self.result_number}"
