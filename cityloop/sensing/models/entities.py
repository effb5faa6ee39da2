"""The OGC SensorThings API 1.1 entities (OGC 18-088, section 8.2) other than Observations.

Stored as the standard describes them. Observations, which are the volume,
have a module of their own (``observations``).
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


def geometry_of(value: object) -> Any:
    """The shapely geometry of a GeoJSON geometry or Feature; None when it is not GeoJSON."""
    from shapely.errors import GEOSException, ShapelyError
    from shapely.geometry import shape

    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        return None
    try:
        return shape(value)
    except (ShapelyError, GEOSException, ValueError, TypeError, KeyError, IndexError,
            AttributeError):
        return None


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
