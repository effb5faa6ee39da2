"""Admin pages for vital-sign indicators; manual values are entered inline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedAdmin, TranslatedForm
from cityloop.registry import indicator_sources
from cityloop.sensing.indicators.compute import band_of, band_problems
from cityloop.sensing.indicators.models import Indicator, IndicatorValue


class IndicatorForm(TranslatedForm):
    source = forms.ChoiceField(label=_("source"), choices=())

    class Meta:
        model = Indicator
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (e.key, f"{e.key}: {e.doc}") for e in indicator_sources
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source = str(cleaned.get("source") or "")
        if source in indicator_sources:
            problems = indicator_sources.get(source).validate(cleaned.get("params") or {})
            if problems:
                self.add_error("params", problems)
        problems = band_problems(cleaned.get("better", ""), cleaned.get("green"),
                                 cleaned.get("amber"))
        if problems:
            raise ValidationError(problems)
        return cleaned


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    fields = ["at", "value", "band", "note"]
    readonly_fields = ["band"]
    extra = 1
    ordering = ["-at"]
    max_num = 1000


@admin.register(Indicator)
class IndicatorAdmin(TranslatedAdmin):
    form = IndicatorForm
    list_display = ["code", "name", "source", "unit", "better", "green", "amber", "public",
                    "active", "last_computed_at"]
    list_filter = ["source", "public", "active"]
    search_fields = ["code", "name", "name_i18n", "tags"]
    inlines = [ValueInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        values = formset.save(commit=False)
        for value in values:
            value.band = band_of(form.instance, value.value)  # people type values, we judge
            value.save()
        for obj in formset.deleted_objects:
            obj.delete()
