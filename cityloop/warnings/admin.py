"""Admin pages for warnings, their templates and the triggers that start them.

A published warning is read-only here as everywhere: it is changed by
publishing an update or a cancel (the cockpit, the API). Drafts can be
edited and published from the list.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cityloop.admin_i18n import TranslatedAdmin
from cityloop.warnings.models import Warning, WarningTemplate, WarningTrigger
from cityloop.warnings.publish import PublishRefused, publish


class PublishedFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("draft", _("Not yet published")), ("published", _("Published"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Warning]) -> QuerySet[Warning]:
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        return queryset


@admin.register(Warning)
class WarningAdmin(TranslatedAdmin):
    list_display = ["headline", "identifier", "status", "msg_type", "severity", "published_at",
                    "expires"]
    list_filter = [PublishedFilter, "status", "msg_type", "severity", "urgency", "category"]
    search_fields = ["identifier", "event", "headline", "description", "headline_i18n"]
    date_hierarchy = "created_at"
    filter_horizontal = ["areas"]
    raw_id_fields = ["references", "alert", "indicator", "trigger", "template", "created_by"]
    readonly_fields = ["identifier", "sender", "created_at", "published_at", "published_by",
                       "replaced_at"]
    actions = ["publish_drafts"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.published_at is not None:
            return [f.name for f in Warning._meta.fields if f.name != "id"] + ["areas"]
        return list(self.readonly_fields)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = super().get_fields(request, obj)
        if obj is not None and obj.published_at is not None:  # the i18n JSON, as stored
            return [f for f in fields if "__" not in f]
        return fields

    @admin.action(description=_("Publish the selected drafts"),
                  permissions=["publish"])
    def publish_drafts(self, request: HttpRequest, queryset: QuerySet[Warning]) -> None:
        done = 0
        for warning in queryset.filter(published_at__isnull=True):
            try:
                publish(warning, by=request.user)  # type: ignore[arg-type]
                done += 1
            except PublishRefused as exc:
                self.message_user(request, f"{warning.identifier}: {exc.message}",
                                  messages.ERROR)
        if done:
            self.message_user(request, ngettext("%(n)d warning published.",
                                                "%(n)d warnings published.", done) % {"n": done})

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("warnings.publish_warning"))


@admin.register(WarningTemplate)
class WarningTemplateAdmin(TranslatedAdmin):
    list_display = ["name", "code", "event", "category", "severity", "urgency", "active"]
    list_filter = ["active", "category", "severity"]
    search_fields = ["name", "code", "event", "headline", "name_i18n"]


@admin.register(WarningTrigger)
class WarningTriggerAdmin(admin.ModelAdmin):
    list_display = ["name", "rule", "indicator", "level", "template", "action", "status",
                    "active"]
    search_fields = ["name"]
    list_filter = ["action", "active", "level"]
    filter_horizontal = ["areas"]
    raw_id_fields = ["rule", "indicator"]
