"""OGC SensorThings API 1.1 entities (OGC 18-088, section 8.2) and what CityLoop keeps about them.

The eight entities are stored as the standard describes them. Observations
are the volume (millions a day), so their table is narrow: a numeric result
has its own column (what rules and rollups read), anything else goes to
``result_json``. Per-minute rollups and the latest observation per
datastream are maintained on ingest (sensing.ingest), so dashboards and
rules never scan raw observations.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

GEOJSON = "application/geo+json"


class Thing(models.Model):
    """A device or a place fitted with sensors (a river gauge, a pipe-pressure station)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    locations: models.ManyToManyField[Location, Any] = models.ManyToManyField(
        "Location", related_name="things", blank=True
    )

    class Meta:
        verbose_name = _("thing")
        verbose_name_plural = _("things")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    encoding_type = models.CharField(max_length=100, default=GEOJSON)
    location = models.JSONField(_("location"))  # GeoJSON geometry (or Feature)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    # Point of the location, for st_within/geo.distance filters and for
    # placing alert cases on the map (computed on save).
    lat = models.FloatField(null=True, blank=True, editable=False)
    lon = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.lat, self.lon = point_of(self.location) or (None, None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "location" in update_fields:
            kwargs["update_fields"] = {*update_fields, "lat", "lon"}
        super().save(*args, **kwargs)


def point_of(location: object) -> tuple[float, float] | None:
    """(lat, lon) of a GeoJSON geometry or Feature: the point itself, or a point inside it.

    None when the location is not GeoJSON (another encodingType) or is empty.
    """
    from shapely.errors import GEOSException, ShapelyError
    from shapely.geometry import shape

    if isinstance(location, dict) and location.get("type") == "Feature":
        location = location.get("geometry")
    if not isinstance(location, dict):
        return None
    try:
        geometry = shape(location)
        if geometry.is_empty:
            return None
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
    except (
        ShapelyError,
        GEOSException,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
    ):
        return None
    return float(point.y), float(point.x)


class HistoricalLocation(models.Model):
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="historical_locations")
    time = models.DateTimeField(_("time"))
    locations = models.ManyToManyField(Location, related_name="historical_locations")

    class Meta:
        verbose_name = _("historical location")
        verbose_name_plural = _("historical locations")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.thing_id}@{self.time.isoformat()}"


class Sensor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    encoding_type = models.CharField(max_length=100)
    metadata = models.TextField(_("metadata"), blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sensor")
        verbose_name_plural = _("sensors")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ObservedProperty(models.Model):
    name = models.CharField(_("name"), max_length=200)
    definition = models.CharField(_("definition"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)

    class Meta:
        verbose_name = _("observed property")
        verbose_name_plural = _("observed properties")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class FeatureOfInterest(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    encoding_type = models.CharField(max_length=100, default=GEOJSON)
    feature = models.JSONField(_("feature"))
    properties = models.JSONField(_("properties"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feature of interest")
        verbose_name_plural = _("features of interest")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Datastream(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit_of_measurement = models.JSONField(_("unit of measurement"), default=dict)
    observation_type = models.CharField(max_length=300)
    observed_area = models.JSONField(null=True, blank=True)
    phenomenon_time_start = models.DateTimeField(null=True, blank=True)
    phenomenon_time_end = models.DateTimeField(null=True, blank=True)
    result_time_start = models.DateTimeField(null=True, blank=True)
    result_time_end = models.DateTimeField(null=True, blank=True)
    properties = models.JSONField(_("properties"), default=dict, blank=True)
    thing = models.ForeignKey(Thing, on_delete=models.CASCADE, related_name="datastreams")
    sensor = models.ForeignKey(Sensor, on_delete=models.PROTECT, related_name="datastreams")
    observed_property = models.ForeignKey(
        ObservedProperty, on_delete=models.PROTECT, related_name="datastreams"
    )

    class Meta:
        verbose_name = _("datastream")
        verbose_name_plural = _("datastreams")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One measurement. ``result_number`` holds numeric results (what rules read)."""

    id = models.BigAutoField(primary_key=True)
    datastream = models.ForeignKey(
        Datastream, on_delete=models.CASCADE, related_name="observations", db_index=False
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
        ]

    def __str__(self) -> str:
        return f"{self.datastream_id}@{self.phenomenon_time.isoformat()}"


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


# Rules, alerts and vital signs live in their own modules (rules engineer)
# but belong to this app and its migrations.
from cityloop.sensing.indicators.models import Indicator, IndicatorValue  # noqa: E402, F401
from cityloop.sensing.rules.models import Alert, Rule, RuleRevision, RuleState  # noqa: E402, F401
