"""The composer's form: a warning's text in every language (the admin's per-language
fields, admin_i18n), its CAP values, areas and how long it stays in force."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import translated_form
from cityloop.geo.models import Area, AreaLevel
from cityloop.warnings.models import Status, Warning, WarningTemplate

COPIED = ("event", "category", "severity", "urgency", "certainty", "headline", "description",
          "instruction", "valid_minutes")


class AreaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return obj.display_name

    @staticmethod
    def queryset_of(form: forms.BaseForm) -> list[Area]:
        field = form.fields["areas"]
        assert isinstance(field, AreaChoice)
        return list(field.queryset or [])


class ComposerForm(forms.ModelForm):
    areas = AreaChoice(
        label=_("Areas"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Area.objects.exclude(level=AreaLevel.CITY).order_by("level", "name"),
        help_text=_("Tick them here or click them on the map; a district includes its "
                    "streets."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[(Status.ACTUAL.value, Status.ACTUAL.label),
                                    (Status.EXERCISE.value, Status.EXERCISE.label)],
        help_text=_("An exercise is shown and sent as a drill."),
    )

    class Meta:
        model = Warning
        fields = ["event", "category", "severity", "urgency", "certainty", "headline",
                  "description", "instruction", "areas", "valid_minutes", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "instruction": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("areas"):
            self.add_error("areas", _("Choose at least one area."))
        return data


Composer = translated_form(Warning, ComposerForm)


def initial_from(source: Warning | WarningTemplate) -> dict[str, Any]:
    """The form's starting values from a template or the warning being updated."""
    initial: dict[str, Any] = {name: getattr(source, name) for name in COPIED}
    for name in ("event", "headline", "description", "instruction"):
        for code, text in (getattr(source, f"{name}_i18n") or {}).items():
            initial[f"{name}__{code}"] = text
    if isinstance(source, Warning):
        initial["areas"] = list(source.areas.all())
        initial["status"] = source.status
    return initial
