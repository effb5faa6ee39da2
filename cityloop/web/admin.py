"""Admin for the staff console's own data: response templates and saved queue views."""

from __future__ import annotations

from django.contrib import admin

from cityloop.admin_i18n import TranslatedAdmin
from cityloop.web.models import ResponseTemplate, SavedView


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(TranslatedAdmin):
    list_display = ["title", "category", "status", "active", "order"]
    list_filter = ["active", "status", "category__group"]
    list_editable = ["active", "order"]
    search_fields = ["title", "text", "category__name", "category__service_code"]
    autocomplete_fields = ["category"]
    fields = ["title", "category", "status", "text", "active", "order"]


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "querystring", "created_at"]
    search_fields = ["name", "user__username", "querystring"]
    list_select_related = ["user"]
    readonly_fields = ["created_at"]
