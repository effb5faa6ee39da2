from __future__ import annotations

from django.contrib import admin

from cityloop.admin_i18n import TranslatedAdmin, TranslatedInlineMixin
from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory, ServiceGroup


class AttributeInline(TranslatedInlineMixin, admin.StackedInline):
    model = ServiceAttribute
    extra = 0


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(TranslatedAdmin):
    list_display = ["service_code", "name", "group", "department", "sla_hours",
                    "default_priority", "is_public", "active"]
    list_filter = ["group", "department", "is_public", "active", "default_priority"]
    search_fields = ["service_code", "name", "name_i18n", "keywords"]
    autocomplete_fields = ["department"]
    inlines = [AttributeInline]


@admin.register(ServiceGroup)
class ServiceGroupAdmin(TranslatedAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(TranslatedAdmin):
    list_display = ["name", "code", "parent", "area", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code", "name_i18n"]
    autocomplete_fields = ["parent", "area"]
    filter_horizontal = ["supervisors", "members"]
