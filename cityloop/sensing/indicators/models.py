"""City vital signs: indicators and the history of their values.

Imported by ``cityloop.sensing.models``, so they belong to the ``sensing`` app.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class Better(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Band(models.TextChoices):
    GREEN = "green", _("On target")
    AMBER = "amber", _("Watch")
    RED = "red", _("Off target")


class Indicator(models.Model):
    code = models.SlugField(
        _("code"), max_length=100, unique=True,
        help_text=_("A short name that stays the same; YAML files and the JSON API use it."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_i18n = models.JSONField(
        _("description in other languages"), default=dict, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. µg/m³, h, %"))
    source = models.CharField(
        _("source"), max_length=30,
        help_text=_("datastream: an aggregate of sensor data; cases: a statistic of cases; "
                    "manual: values entered by people."),
    )
    params = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_('What the source needs, e.g. {"observed_property": "PM2.5", '
                    '"aggregate": "mean", "minutes": 1440} or {"statistic": '
                    '"median_hours_to_resolve", "categories": ["flooding"], "days": 30}.'),
    )
    better = models.CharField(
        _("direction"), max_length=10, choices=Better.choices, default=Better.LOWER
    )
    green = models.FloatField(
        _("green up to"), null=True, blank=True,
        help_text=_("The value reaching which the indicator is on target (at most this when "
                    "lower is better, at least this when higher is better)."),
    )
    amber = models.FloatField(
        _("amber up to"), null=True, blank=True,
        help_text=_("Beyond green but within this: watch. Beyond this: off target."),
    )
    tags = models.JSONField(
        _("tags"), default=list, blank=True,
        help_text=_('Frameworks the indicator reports to, e.g. ["SDG 11.6.2", '
                    '"ISO 37120:2018 8.2"].'),
    )
    every_minutes = models.PositiveIntegerField(
        _("compute every (minutes)"), default=60,
        help_text=_("How often the worker computes a new value."),
    )
    public = models.BooleanField(
        _("public"), default=True, help_text=_("Shown on the public vital-signs page."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    last_computed_at = models.DateTimeField(_("last computed"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_i18n)


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    at = models.DateTimeField(_("at"))
    value = models.FloatField(_("value"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=10, choices=Band.choices, blank=True)
    detail = models.JSONField(
        _("detail"), default=dict, blank=True,
        help_text=_("What the value was computed from (how many cases, which datastreams)."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["indicator", "at"], name="indicator_value_time")]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.at.isoformat()}: {self.value}"
