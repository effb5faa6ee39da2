"""Admin pages for hotspots and hot topics: read-only, since the worker writes them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityloop.triage.hotspot_models import Hotspot, HotspotMember
from cityloop.triage.topic_models import Topic


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


@admin.register(Topic)
class TopicAdmin(ReadOnly):
    list_display = ["week", "rank", "label_en", "label_zh", "size", "computed_at"]
    list_filter = ["week"]
