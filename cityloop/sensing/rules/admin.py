"""Admin pages for sensor rules, their states and alerts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedAdmin, TranslatedForm
from cityloop.adminsite import ViewOnlyAdmin
from cityloop.registry import rule_kinds
from cityloop.sensing.rules.checks import rule_problems
from cityloop.sensing.rules.models import Alert, Rule, RuleState


class RuleForm(TranslatedForm):
    kind = forms.ChoiceField(label=_("kind"), choices=())

    class Meta:
        model = Rule
        fields = "__all__"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (e.key, f"{e.key}: {e.doc}") for e in rule_kinds
        ]
        self.fields["kind"].help_text = Rule._meta.get_field("kind").help_text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        problems: dict[str, list[str]] = {}
        for name, message in rule_problems(self.instance_with(cleaned)):
            target = name if name in self.fields else None
            problems.setdefault(target or "__all__", []).append(message)
        if problems:
            raise ValidationError(problems)
        return cleaned

    def instance_with(self, cleaned: dict[str, Any]) -> Rule:
        rule = Rule()
        for f in Rule._meta.concrete_fields:
            if f.name in cleaned:
                setattr(rule, f.name, cleaned[f.name])
        rule.created_at = self.instance.created_at
        return rule


@admin.register(Rule)
class RuleAdmin(TranslatedAdmin):
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
