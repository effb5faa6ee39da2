"""Admin views of cases are read-only: every change goes through cases.lifecycle
(the staff console), so the audit chain records it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cityloop.cases.models import ApiClient, Case, CaseEvent


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["seq", "at", "actor_label", "action", "from_status", "to_status", "public_text",
              "internal_note"]
    readonly_fields = ["seq", "at", "actor_label", "action", "from_status", "to_status",
                       "public_text", "internal_note"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ["reference", "category", "status", "priority", "department", "created_at",
                    "due_at"]
    list_filter = ["status", "priority", "channel", "category__group", "department"]
    search_fields = ["reference", "description", "address"]
    date_hierarchy = "created_at"
    inlines = [EventInline]
    exclude = ["tracking_token"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "key_hint", "active", "created_at", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact_email"]
    readonly_fields = ["key_hint", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Keys are created with `cityloop apikey create NAME`, which shows
        # the key once; the admin would have nowhere safe to show it.
        return False
