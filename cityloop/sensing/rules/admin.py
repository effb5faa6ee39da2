"""Admin pages for sensor rules, their states and alerts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedForm
from cityloop.adminsite import ViewOnlyAdmin
from cityloop.registry import rule_kinds
from cityloop.sensing.admin_params import KindParamsAdmin, KindParamsForm
from cityloop.sensing.rules.checks import rule_problems
from cityloop.sensing.rules.models import Alert, Rule, RuleState


def _choices(pairs: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", "---------"), *pairs.items()]


class RuleForm(KindParamsForm, TranslatedForm):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=(),
                             widget=forms.Select(attrs={"data-kind-select": ""}))
    kind_registry = rule_kinds

    class Meta:
        model = Rule
        exclude = ["params"]

    @classmethod
    def param_fields(cls) -> dict[str, forms.Field]:
        return {
            "minutes": forms.IntegerField(label=capfirst(_("minutes")), help_text=_(
                "window: the window's length; rate: how far back to compare; anomaly: the "
                "baseline's length.")),
            "aggregate": forms.ChoiceField(label=capfirst(_("aggregate")), choices=_choices({
                "sum": _("sum"), "mean": _("mean"), "max": _("maximum"), "min": _("minimum"),
                "count": _("count")}), help_text=_("window: what is computed over the minutes.")),
            "per": forms.ChoiceField(label=capfirst(_("change measured")), choices=_choices({
                "minute": _("per minute"), "hour": _("per hour")}),
                help_text=_("rate: the change per minute or per hour (per hour when empty).")),
            "min_points": forms.IntegerField(
                label=capfirst(_("minutes of data needed")), help_text=_(
                    "anomaly: how many minutes with data the baseline needs (10 when empty).")),
            "side": forms.ChoiceField(label=capfirst(_("side")), choices=_choices({
                "both": _("both ways"), "above": _("above the median"),
                "below": _("below the median")}),
                help_text=_("anomaly: which way a deviation counts (both ways when empty).")),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (e.key, f"{e.key}: {e.doc}") for e in rule_kinds
        ]
        self.fields["kind"].help_text = Rule._meta.get_field("kind").help_text

    class Media:
        js = ["sensing/admin-params.js"]
        css = {"all": ["sensing/admin-params.css"]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        kind = str(cleaned.get("kind") or "")
        rule = self.instance_with(cleaned)
        rule.params = self.params_for(kind, cleaned)
        problems: dict[str, list[str]] = {}
        for name, message in rule_problems(rule):
            if name == "params":
                allowed = rule_kinds.get(kind).allowed if kind in rule_kinds else ()
                self.param_errors([message], allowed)
                continue
            target = name if name in self.fields else None
            problems.setdefault(target or "__all__", []).append(message)
        if problems:
            raise ValidationError(problems)
        if not self.errors:
            self.instance.params = rule.params
        return cleaned

    def instance_with(self, cleaned: dict[str, Any]) -> Rule:
        rule = Rule()
        for f in Rule._meta.concrete_fields:
            if f.name in cleaned:
                setattr(rule, f.name, cleaned[f.name])
        rule.created_at = self.instance.created_at
        return rule


@admin.register(Rule)
class RuleAdmin(KindParamsAdmin):
    form = RuleForm
    list_display = ["code", "name", "kind", "datastream", "observed_property", "category",
                    "case_level", "active"]
    list_filter = ["kind", "active", "case_level", "category"]
    search_fields = ["code", "name", "name_i18n"]
    autocomplete_fields = ["category", "department"]
    raw_id_fields = ["datastream", "observed_property"]
    filter_horizontal = ["things", "channels"]


@admin.register(RuleState)
class RuleStateAdmin(ViewOnlyAdmin):
    list_display = ["rule", "datastream", "level", "since", "last_value", "last_evaluated",
                    "case", "problem"]
    list_filter = ["level", "rule"]
    readonly_fields = [f.name for f in RuleState._meta.fields]


@admin.register(Alert)
class AlertAdmin(ViewOnlyAdmin):
    list_display = ["rule", "datastream", "level", "highest_level", "started_at", "ended_at",
                    "peak", "case"]
    list_filter = ["level", "highest_level", "rule"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in Alert._meta.fields]
