from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import (
    TranslatedAdmin,
    TranslatedForm,
    TranslatedInlineMixin,
    WordListField,
)
from cityloop.catalogue.admin_forms import AttributeForm
from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory, ServiceGroup
from cityloop.catalogue.tree import tree_ordering


class AttributeInline(TranslatedInlineMixin, admin.StackedInline):
    model = ServiceAttribute
    form = AttributeForm
    extra = 0


class CategoryForm(TranslatedForm):
    keywords = WordListField(
        label=capfirst(ServiceCategory._meta.get_field("keywords").verbose_name),
        required=False,
        help_text=_("Words people use for this problem, in any language: one per line."))

    class Meta:
        model = ServiceCategory
        fields = "__all__"


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(TranslatedAdmin):
    form = CategoryForm
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
    list_display = ["in_tree", "code", "area", "active"]
    ordering = tree_ordering()
    list_select_related = ["parent__parent__parent", "area"]
    list_filter = ["active"]
    search_fields = ["name", "code", "name_i18n"]
    autocomplete_fields = ["parent", "area"]
    filter_horizontal = ["supervisors", "members"]

    class Media:
        css = {"all": ["catalogue/department-tree.css"]}

    @admin.display(description=_("department"))
    def in_tree(self, department: Department) -> str:
        """The name indented under its parent; the full path on hover is in the title."""
        depth = department.level
        marker = "\u00a0\u00a0\u00a0\u00a0" * (depth - 2) + "└\u00a0" if depth > 1 else ""
        return format_html('<span class="department-tree" title="{}">{}{}</span>',
                           path_of(department), marker,
                           department.display_name)


def path_of(department: Department) -> str:
    """"Roads Bureau › Roads West Office › West N Road Team"."""
    chain = [department]
    while chain[-1].parent is not None and len(chain) < 10:
        chain.append(chain[-1].parent)
    return " › ".join(d.display_name for d in reversed(chain))
