"""Rules, their state per datastream, and the alerts they raise.

Imported by ``cityloop.sensing.models``, so these models belong to the
``sensing`` app and its migrations.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick
from cityloop.sensing.rules.levels import Direction, Level


class Rule(models.Model):
    """Watches one datastream, or every datastream of an observed property."""

    code = models.SlugField(
        _("code"), max_length=100, unique=True,
        help_text=_("A short name that stays the same; YAML files refer to rules by it."),
    )
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30,
        help_text=_("threshold: the latest value; window: an aggregate over the last minutes; "
                    "rate: change per minute or hour; silence: minutes without data; "
                    "anomaly: distance from the rolling median, in MADs."),
    )
    datastream = models.ForeignKey(
        "sensing.Datastream", verbose_name=_("datastream"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="rules",
        help_text=_("The datastream watched. Leave empty to watch every datastream of the "
                    "observed property below."),
    )
    observed_property = models.ForeignKey(
        "sensing.ObservedProperty", verbose_name=_("observed property"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="rules",
        help_text=_("Watch every datastream of this property (when no datastream is given)."),
    )
    things = models.ManyToManyField(
        "sensing.Thing", verbose_name=_("only these things"), blank=True, related_name="rules",
        help_text=_("With an observed property: only the datastreams of these things. "
                    "Empty: all of them."),
    )
    params = models.JSONField(
        _("parameters"), default=dict, blank=True,
        help_text=_('What the kind needs, e.g. {"minutes": 60, "aggregate": "sum"} for a '
                    'window, {"minutes": 30, "per": "hour"} for a rate, {"minutes": 1440} '
                    "for an anomaly. Threshold and silence rules take none."),
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.ABOVE,
        help_text=_("below: a falling value is the danger (pipe pressure)."),
    )
    blue = models.FloatField(_("blue threshold"), null=True, blank=True)
    yellow = models.FloatField(_("yellow threshold"), null=True, blank=True)
    orange = models.FloatField(_("orange threshold"), null=True, blank=True)
    red = models.FloatField(
        _("red threshold"), null=True, blank=True,
        help_text=_("Leave a level empty to skip it. Silence rules: minutes without data."),
    )
    hysteresis = models.FloatField(
        _("hysteresis"), default=0.0,
        help_text=_("A level is left only when the value is this far back past its threshold, "
                    "so a value hovering around a threshold does not raise alert after alert."),
    )
    case_level = models.CharField(
        _("opens a case from"), max_length=10, choices=Level.choices, default=Level.BLUE,
        help_text=_("Lower levels are recorded as alerts without a case."),
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory", verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="sensor_rules",
        help_text=_("The service category of the cases this rule opens."),
    )
    answers = models.JSONField(
        _("answers"), default=dict, blank=True,
        help_text=_("Answers to the category's questions, given with every case this rule "
                    'opens, e.g. {"traffic_blocked": "no"}. Required questions need one.'),
    )
    department = models.ForeignKey(
        "catalogue.Department", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="sensor_rules",
        help_text=_("Leave empty to route the case like any report of its category; give one "
                    "(a maintenance department for silence rules) to send it there."),
    )
    channels = models.ManyToManyField(
        "notify.NotificationChannel", verbose_name=_("notification channels"), blank=True,
        related_name="sensor_rules",
        help_text=_("Also told of this rule's alerts, whatever department they belong to."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("sensor rule")
        verbose_name_plural = _("sensor rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)

    @property
    def thresholds(self) -> dict[str, float | None]:
        return {level: getattr(self, level) for level in Level.values}


class RuleState(models.Model):
    """Where one rule stands on one datastream; the row locked while it is evaluated."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="states")
    datastream = models.ForeignKey(
        "sensing.Datastream", on_delete=models.CASCADE, related_name="rule_states"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    since = models.DateTimeField(_("level since"), null=True, blank=True)
    last_value = models.FloatField(_("last value"), null=True, blank=True)
    last_evaluated = models.DateTimeField(_("last evaluated"), null=True, blank=True)
    alert = models.ForeignKey(
        "Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("The case this rule last opened for this datastream."),
    )
    problem = models.CharField(_("problem"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("rule state")
        verbose_name_plural = _("rule states")
        constraints = [
            models.UniqueConstraint(fields=["rule", "datastream"], name="rule_state_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}/{self.datastream_id}: {self.level or 'normal'}"


class Alert(models.Model):
    """One episode of a rule away from normal on a datastream, start to end."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="alerts")
    datastream = models.ForeignKey(
        "sensing.Datastream", on_delete=models.CASCADE, related_name="alerts"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    highest_level = models.CharField(_("highest level"), max_length=10, choices=Level.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    peak = models.FloatField(_("peak value"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="sensor_alerts",
    )

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["datastream", "started_at"], name="alert_stream_time")]

    def __str__(self) -> str:
        return f"{self.rule_id}/{self.datastream_id} {self.level} {self.started_at.isoformat()}"


class RuleRevision(models.Model):
    """Changes whenever a rule changes (see cityloop/sharedcache.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("rule revision")

    def __str__(self) -> str:
        return str(self.token)


class RuleWork(models.Model):
    """A datastream whose rules are to be evaluated: the rule queue, one row per datastream.

    Ingest upserts the row in its own transaction (``sensing.rulequeue``), so
    a burst of observations on one datastream is one row and one evaluation;
    the worker claims rows with a lease and deletes a row only once its
    evaluation committed, and only if ``version`` is still the one it
    claimed (an ingest meanwhile bumps it, and the row stays for the next pass).
    """

    datastream = models.OneToOneField(
        "sensing.Datastream", primary_key=True, on_delete=models.CASCADE, related_name="+",
    )
    received_at = models.DateTimeField(_("received"))
    version = models.BigIntegerField(_("version"), default=1)
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    class Meta:
        verbose_name = _("queued rule evaluation")
        verbose_name_plural = _("queued rule evaluations")

    def __str__(self) -> str:
        return f"{self.datastream_id} v{self.version}"
