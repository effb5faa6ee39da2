"""Admin pages for hotspots: read-only, since the worker writes them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityloop.triage.admin_base import ReadOnly
from cityloop.triage.hotspots.models import Hotspot, HotspotMember


class MemberInline(admin.TabularInline):
    model = HotspotMember
    extra = 0
    fields = ["case", "joined_at"]
    readonly_fields = ["case", "joined_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Hotspot)
class HotspotAdmin(ReadOnly):
    list_display = ["case", "category", "size", "escalations", "created_at", "last_report_at"]
    list_filter = ["category"]
    search_fields = ["case__reference"]
    date_hierarchy = "created_at"
    inlines = [MemberInline]
