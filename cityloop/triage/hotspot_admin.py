"""Admin pages for hotspots and hot topics: read-only, since the worker writes them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cityloop.catalogue.models import ServiceCategory
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
    # The worker's JSON, shown in words: terms, categories with their counts,
    # and the example reports linked to their staff pages.
    fields = readonly_fields = ("week", "rank", "label_en", "label_zh", "size", "term_list",
                                "category_list", "example_links", "computed_at")

    @admin.display(description=_("terms"))
    def term_list(self, topic: Topic) -> str:
        return ", ".join(str(t.get("term", "")) for t in topic.terms if isinstance(t, dict))

    @admin.display(description=_("categories"))
    def category_list(self, topic: Topic) -> str:
        names = dict(ServiceCategory.objects.values_list("service_code", "name"))
        return ", ".join(f"{names.get(code, code)} ({count})" for code, count in topic.categories)

    @admin.display(description=_("example cases"))
    def example_links(self, topic: Topic) -> str:
        return format_html_join(", ", '<a href="{}">{}</a>', (
            (reverse("staff:case", args=[ref]), ref) for ref in topic.examples))
