from __future__ import annotations

from django.contrib import admin

from cityloop.admin_i18n import TranslatedAdmin
from cityloop.geo.forms import AreaForm
from cityloop.geo.models import Area


@admin.register(Area)
class AreaAdmin(TranslatedAdmin):
    form = AreaForm
    list_display = ["name", "code", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "code", "name_i18n"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["min_lon", "min_lat", "max_lon", "max_lat", "created_at", "updated_at"]
