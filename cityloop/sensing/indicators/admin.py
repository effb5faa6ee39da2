"""Admin pages for vital-sign indicators; manual values are entered inline."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedForm, WordListField
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import indicator_sources
from cityloop.sensing.admin_params import KindParamsAdmin, KindParamsForm
from cityloop.sensing.indicators.compute import band_of, band_problems
from cityloop.sensing.indicators.models import Indicator, IndicatorValue
from cityloop.sensing.indicators.sources import ACROSS, AGGREGATES
from cityloop.sensing.models import Datastream, ObservedProperty


def _choices(pairs: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", "---------"), *pairs.items()]


AGGREGATE_LABELS = {"mean": _("mean"), "max": _("maximum"), "min": _("minimum"), "sum": _("sum"),
                    "count": _("count")}
STATISTIC_LABELS = {
    "median_hours_to_resolve": _("median hours to resolve"),
    "share_resolved_on_time": _("share resolved on time (%)"),
    "cases_opened": _("cases opened"),
    "open_cases": _("open cases (now)"),
    "mean_rating": _("mean rating"),
}


class IndicatorForm(KindParamsForm, TranslatedForm):
    source = forms.ChoiceField(label=capfirst(_("source")), choices=(),
                             widget=forms.Select(attrs={"data-kind-select": ""}))
    tags = WordListField(label=capfirst(_("tags")), required=False, help_text=_(
        "Frameworks the indicator reports to, one per line, e.g. SDG 11.6.2 or "
        "ISO 37120:2018 8.2."))
    kind_field = "source"
    kind_registry = indicator_sources

    class Meta:
        model = Indicator
        exclude = ["params"]

    class Media:
        js = ["sensing/admin-params.js"]
        css = {"all": ["sensing/admin-params.css"]}

    @classmethod
    def param_fields(cls) -> dict[str, forms.Field]:
        return {
            "datastream": forms.ModelChoiceField(
                Datastream.objects.select_related("thing").order_by("thing__name", "name"),
                label=capfirst(_("datastream")), help_text=_(
                    "datastream: the one datastream aggregated; or leave empty and choose an "
                    "observed property.")),
            "observed_property": forms.ModelChoiceField(
                ObservedProperty.objects.order_by("name"), to_field_name="name",
                label=capfirst(_("observed property")), help_text=_(
                    "datastream: aggregate every datastream of this property instead.")),
            "aggregate": forms.ChoiceField(
                label=capfirst(_("aggregate")), choices=_choices(
                    {k: AGGREGATE_LABELS[k] for k in AGGREGATES}),
                help_text=_("datastream: what is computed over the minutes.")),
            "minutes": forms.IntegerField(label=capfirst(_("minutes")), help_text=_(
                "datastream: how far back the aggregate reaches.")),
            "across": forms.ChoiceField(
                label=capfirst(_("across datastreams")), choices=_choices(
                    {k: AGGREGATE_LABELS[k] for k in ACROSS}),
                help_text=_("datastream: how the datastreams of a property are combined "
                            "(mean when empty).")),
            "statistic": forms.ChoiceField(
                label=capfirst(_("statistic")), choices=_choices(STATISTIC_LABELS),
                help_text=_("cases: what is counted or measured.")),
            "categories": forms.ModelMultipleChoiceField(
                ServiceCategory.objects.order_by("service_code"), to_field_name="service_code",
                label=capfirst(_("categories")), help_text=_(
                    "cases: only cases of these categories; none chosen: every category.")),
            "days": forms.IntegerField(label=capfirst(_("days")), help_text=_(
                "cases: over the last this many days (not needed for open cases).")),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            (e.key, f"{e.key}: {e.doc}") for e in indicator_sources
        ]
        self.fields["source"].help_text = Indicator._meta.get_field("source").help_text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        source = str(cleaned.get("source") or "")
        if source in indicator_sources and not self.errors:
            params = self.params_for(source, cleaned)
            problems = indicator_sources.get(source).validate(params)
            self.param_errors(problems, indicator_sources.get(source).allowed)
            if not problems:
                self.instance.params = params
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
class IndicatorAdmin(KindParamsAdmin):
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
