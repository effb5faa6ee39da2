"""The admin page of MultiDatastreams (OGC 18-088 §14.1), with their ObservedProperties
in order, edited inline.

The order is what says which element of a result is which, so the rows are
listed by position and the form refuses a list whose length differs from
``unitOfMeasurements`` and ``multiObservationDataTypes``, as the API does
(``api.multi``); after a save the positions are renumbered 0, 1, 2… in the
order given, so a person may type 10, 20, 30 or swap two numbers.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.sensing.models import MultiDatastream, MultiDatastreamObservedProperty


class _OrderedFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [form for form in self.forms
                if form.cleaned_data.get("observed_property") is not None
                and not form.cleaned_data.get("DELETE")]
        chosen = [form.cleaned_data["observed_property"].pk for form in kept]
        if len(set(chosen)) != len(chosen):
            raise ValidationError(_("An observed property is listed twice; each element of "
                                    "the results has its own."))
        parent: Any = self.instance
        types = parent.multi_observation_data_types
        units = parent.unit_of_measurements
        if not isinstance(types, list) or not isinstance(units, list):
            return  # the form says what is wrong with them
        if not len(kept) == len(types) == len(units):
            raise ValidationError(
                _("List one observed property per element of the results: there are "
                  "%(types)s observation types and %(units)s units, but %(count)s observed "
                  "properties.") % {"types": len(types), "units": len(units),
                                    "count": len(kept)})


class ObservedPropertyInline(admin.TabularInline):
    model = MultiDatastreamObservedProperty
    formset = _OrderedFormSet
    fields = ["rank", "observed_property"]
    raw_id_fields = ["observed_property"]
    ordering = ["rank", "pk"]
    extra = 0


class MultiDatastreamForm(forms.ModelForm):
    class Meta:
        model = MultiDatastream
        fields = ["name", "description", "thing", "sensor", "multi_observation_data_types",
                  "unit_of_measurements", "properties"]

    def clean_multi_observation_data_types(self) -> Any:
        value = self.cleaned_data["multi_observation_data_types"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError(_("A JSON array of observation type URIs."))
        return value

    def clean_unit_of_measurements(self) -> Any:
        value = self.cleaned_data["unit_of_measurements"]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValidationError(_('A JSON array of units, each {"name": ..., "symbol": ..., '
                                    '"definition": ...}.'))
        return value


@admin.register(MultiDatastream)
class MultiDatastreamAdmin(admin.ModelAdmin):
    form = MultiDatastreamForm
    inlines = [ObservedPropertyInline]
    list_display = ["name", "thing", "sensor", "observed_property_names", "phenomenon_time_end"]
    search_fields = ["name", "description", "thing__name",
                     "links__observed_property__name"]
    raw_id_fields = ["thing", "sensor"]
    readonly_fields = ["observation_type", "phenomenon_time_start", "phenomenon_time_end",
                       "observed_area"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("thing", "sensor").prefetch_related(
            "links__observed_property")

    @admin.display(description=_("observed properties, in order"))
    def observed_property_names(self, obj: MultiDatastream) -> str:
        links = sorted(obj.links.all(), key=lambda link: (link.rank, link.pk))
        return ", ".join(link.observed_property.name for link in links)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        links = list(form.instance.links.order_by("rank", "pk"))
        for position, link in enumerate(links):
            if link.rank != position:
                link.rank = position
                link.save(update_fields=["rank"])
