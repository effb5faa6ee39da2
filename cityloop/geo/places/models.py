"""Named places of the gazetteer: roads, addresses, landmarks and named areas."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityloop.geo.places.words import search_key
from cityloop.i18n import pick


class PlaceKind(models.TextChoices):
    ROAD = "road", _("Road")
    ADDRESS = "address", _("Address")
    LANDMARK = "landmark", _("Landmark")
    # A named area that is not one of the city's administrative areas (a park,
    # an estate); the city's districts and streets are found from geo.Area itself.
    AREA = "area", _("Area")


class Place(models.Model):
    # Stable identity from the source (an OSM id, an OpenAddresses hash, or the
    # kind and names), so importing the same file again updates rather than adds.
    ref = models.CharField(pgettext_lazy("imported place", "reference"), max_length=200,
                           unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_i18n = models.JSONField(
        _("name in other languages"), default=dict, blank=True,
        help_text=_('For example {"zh-hans": "荷塘路12号"}.'),
    )
    # The point a search result puts the pin on: for a road, a point on the road.
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    # A road's line (GeoJSON LineString or MultiLineString), for the nearest road
    # to a dropped pin; empty for points.
    line = models.JSONField(_("line"), null=True, blank=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="places",
        help_text=_("The smallest area (street) the place lies in."),
    )
    search_key = models.CharField(_("search key"), max_length=500, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The importer sets it in bulk; a place edited in the admin gets it here.
        self.search_key = search_key(self.name, *(self.name_i18n or {}).values())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)


class PlaceRevision(models.Model):
    """One row whose token changes whenever places change (see sharedcache)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("place revision")

    def __str__(self) -> str:
        return str(self.token)
