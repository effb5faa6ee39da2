from __future__ import annotations

from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedAdmin
from cityloop.geo.forms import AreaForm
from cityloop.geo.models import Area, Place


@admin.register(Area)
class AreaAdmin(TranslatedAdmin):
    form = AreaForm
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "name_i18n"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["extent", "created", "changed"]

    @admin.display(description=_("extent (longitude, latitude)"))
    def extent(self, area: Area) -> str:
        """The bounding box, as the spatial index sees it after saving."""
        if area.pk is None:
            return "-"
        return f"{area.min_lon:.5f}, {area.min_lat:.5f} – {area.max_lon:.5f}, {area.max_lat:.5f}"

    @admin.display(description=_("created"))
    def created(self, area: Area) -> str:
        return formats.localize(timezone.localtime(area.created_at)) if area.created_at else "-"

    @admin.display(description=_("changed"))
    def changed(self, area: Area) -> str:
        return formats.localize(timezone.localtime(area.updated_at)) if area.updated_at else "-"


@admin.register(Place)
class PlaceAdmin(TranslatedAdmin):
    """The gazetteer, to correct a name or a position; files come in with import-places."""

    list_display = ["name", "kind", "area"]
    list_filter = ["kind"]
    search_fields = ["name", "search_key", "ref"]
    autocomplete_fields = ["area"]
    fields = ["kind", "name", "lat", "lon", "area", "ref", "search_key"]
    readonly_fields = ["search_key"]
