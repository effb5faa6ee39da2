"""Areas of the city: the city itself, its districts and its streets."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# The gazetteer's models live in their sub-package; Django finds an app's models here.
from cityloop.geo.places.models import Place, PlaceKind, PlaceRevision  # noqa: F401
from cityloop.geo.shapes import bounds_of, parse_geometry
from cityloop.i18n import pick


class AreaLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")


LEVEL_DEPTH = {AreaLevel.CITY: 0, AreaLevel.DISTRICT: 1, AreaLevel.STREET: 2}


class Area(models.Model):
    code = models.SlugField(
        _("code"),
        max_length=100,
        unique=True,
        help_text=_("Short stable identifier, e.g. binjiang."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(
        _("name in other languages"),
        default=dict,
        blank=True,
        help_text=_('For example {"zh-hans": "滨江区"}.'),
    )
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # GeoJSON geometry (Polygon or MultiPolygon, lon/lat as RFC 7946 says).
    # Stored as JSON rather than a GIS type so that SQLite and a PostgreSQL
    # without PostGIS both work; geo.index keeps the spatial index in memory.
    geometry = models.JSONField(_("geometry"))
    min_lon = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lon = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        shape = parse_geometry(self.geometry)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = bounds_of(shape)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "geometry" in update_fields:
            # update_or_create (a re-import) names only the fields it was given.
            kwargs["update_fields"] = {*update_fields, "min_lon", "min_lat", "max_lon", "max_lat"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)

    def ancestors(self) -> list[Area]:
        """Parents from the nearest up to the city."""
        chain: list[Area] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class AreaRevision(models.Model):
    """One row whose token changes whenever any area changes.

    Every process keeps its spatial index in memory and compares this token
    before using it, so an area edited in the admin on one machine is seen by
    the web and worker processes everywhere. A random token (not a counter)
    stays correct when a transaction that changed areas is rolled back.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("area revision")

    def __str__(self) -> str:
        return str(self.token)

