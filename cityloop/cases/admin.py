"""Admin views of cases are read-only: every change goes through cases.lifecycle
(the staff console), so the audit chain records it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from cityloop.cases import policy
from cityloop.cases.intake import channel_choices
from cityloop.cases.models import ApiClient, Case, CaseEvent
from cityloop.cases.models.client import SCOPES, STA_WRITE
from cityloop.cases.models.client import clean_scopes as ordered_scopes


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


class ChannelFilter(admin.SimpleListFilter):
    """The intake channels of ``registry.intake_channels`` with their labels, a city's
    own included (``Case.channel`` has no choices to take them from)."""

    title = _("channel")
    parameter_name = "channel__exact"  # the field filter's name, so old links still work

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return channel_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(channel=value) if value else queryset


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ["reference", "category", "status", "priority", "department", "created_at",
                    "due_at"]
    list_filter = ["status", "priority", ChannelFilter, "category__group", "department"]
    search_fields = ["reference", "description", "address"]
    date_hierarchy = "created_at"
    inlines = [EventInline]
    exclude = ["tracking_token"]
    readonly_fields = ["channel_label"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # The channel shown by its label, where the field stood.
        fields = [f for f in super().get_fields(request, obj) if f != "channel_label"]
        return ["channel_label" if f == "channel" else f for f in fields]

    @admin.display(description=_("channel"))
    def channel_label(self, case: Case) -> str:
        return case.get_channel_display()

    # The one rule of who sees which case (cases.policy), here as at every door.
    def get_queryset(self, request: HttpRequest) -> QuerySet[Case]:
        return policy.visible_cases(request.user, super().get_queryset(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not policy.can_view(request.user, obj):
            return False
        return super().has_view_permission(request, obj)


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=capfirst(ApiClient._meta.get_field("scopes").verbose_name),
        choices=[(code, format_lazy("{}: {}", code, text)) for code, text in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=ApiClient._meta.get_field("scopes").help_text,
    )

    class Meta:
        model = ApiClient
        fields = ["name", "contact_email", "active", "scopes", "departments", "rate_limit"]

    def clean_scopes(self) -> list[str]:
        return ordered_scopes(self.cleaned_data["scopes"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("departments") and STA_WRITE not in (data.get("scopes") or []):
            self.add_error("departments", _("Departments limit what sta:write may write: tick "
                                            "sta:write, or choose no department."))
        return data


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "key_hint", "active", "scope_list", "limit_in_force", "created_at",
                    "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "contact_email"]
    autocomplete_fields = ["departments"]
    readonly_fields = ["key_hint", "limit_in_force", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Keys are created with `cityloop apikey create NAME`, which shows
        # the key once; the admin would have nowhere safe to show it.
        return False

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiClient) -> str:
        return obj.scope_list()

    @admin.display(description=_("rate limit in force"))
    def limit_in_force(self, obj: ApiClient) -> str:
        limit = obj.requests_per_minute()
        if not limit:
            return str(_("no limit"))
        return str(_("%(n)d requests a minute") % {"n": limit})
