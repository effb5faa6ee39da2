"""Public warnings (CAP 1.2), the templates staff start them from, and the
sensor rules and indicators that propose or publish them.

A warning is never changed once published: an update or a cancel is a new
row whose ``references`` names the one it replaces (CAP's model), and
publishing it stamps the replaced one's ``replaced_at`` (publish.py).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick
from cityloop.sensing.indicators.models import Band
from cityloop.sensing.rules.levels import Level
from cityloop.warnings.vocab import (
    Category,
    Certainty,
    MsgType,
    Severity,
    Status,
    TriggerAction,
    Urgency,
)

__all__ = ["Category", "Certainty", "MsgType", "Severity", "Status", "Urgency",
           "Warning", "WarningRevision", "WarningTemplate", "WarningTrigger", "default_sender",
           "new_identifier"]

I18N_HELP = _('Other languages as {"zh-hans": "..."}; edited in the admin one field per language.')


def new_identifier() -> str:
    """A CAP identifier: unique, no spaces, commas, "<" or "&", and safe in a URL."""
    return f"{timezone.now():%Y%m%d}-{secrets.token_hex(6)}"


def default_sender() -> str:
    """CAP's sender: CITYLOOP_WARNING_SENDER, else warnings@ the public host."""
    configured = getattr(settings, "WARNING_SENDER", "")
    if configured:
        return str(configured)
    host = urlsplit(settings.PUBLIC_URL).hostname or "localhost"
    return f"warnings@{host}"


class WarningText(models.Model):
    """What a warning says and how serious it is; shared by warnings and templates."""

    event = models.CharField(_("event"), max_length=100,
                             help_text=_("What happens, in a few words: Flood, Heat wave."))
    event_i18n = models.JSONField(_("event in other languages"), default=dict, blank=True,
                                  help_text=I18N_HELP)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices,
                                default=Category.MET)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.MODERATE)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices,
                               default=Urgency.EXPECTED)
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty.choices,
                                 default=Certainty.LIKELY)
    headline = models.CharField(_("headline"), max_length=160,
                                help_text=_("One line, read on a phone's lock screen."))
    headline_i18n = models.JSONField(_("headline in other languages"), default=dict,
                                     blank=True, help_text=I18N_HELP)
    description = models.TextField(_("description"), help_text=_("What is happening and where."))
    description_i18n = models.JSONField(_("description in other languages"), default=dict,
                                        blank=True, help_text=I18N_HELP)
    instruction = models.TextField(_("instruction"), blank=True,
                                   help_text=_("What residents should do."))
    instruction_i18n = models.JSONField(_("instruction in other languages"), default=dict,
                                        blank=True, help_text=I18N_HELP)
    valid_minutes = models.PositiveIntegerField(
        _("valid for (minutes)"), default=360,
        help_text=_("How long a warning stays current after publication when no expiry "
                    "time is given."),
    )

    class Meta:
        abstract = True

    def text(self, field: str, language: str | None = None) -> str:
        """``event``, ``headline``, ``description`` or ``instruction`` in a language."""
        return pick(getattr(self, field), getattr(self, f"{field}_i18n"), language)

    # In the active language, for templates.
    @property
    def display_event(self) -> str:
        return self.text("event")

    @property
    def display_headline(self) -> str:
        return self.text("headline")

    @property
    def display_description(self) -> str:
        return self.text("description")

    @property
    def display_instruction(self) -> str:
        return self.text("instruction")


class WarningTemplate(WarningText):
    code = models.SlugField(_("code"), max_length=50, unique=True,
                            help_text=_("A short name that stays the same, e.g. flood."))
    name = models.CharField(_("name"), max_length=100)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True,
                                 help_text=I18N_HELP)
    active = models.BooleanField(_("offered in the composer"), default=True)

    class Meta:
        verbose_name = _("warning template")
        verbose_name_plural = _("warning templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)


class Warning(WarningText):
    identifier = models.CharField(_("identifier"), max_length=100, unique=True,
                                  default=new_identifier, editable=False)
    sender = models.CharField(_("sender"), max_length=200, default=default_sender,
                              editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTUAL,
                              help_text=_("Exercise: a drill, shown as such. Draft: "
                                          "not for action (CAP's Draft)."))
    msg_type = models.CharField(_("message type"), max_length=10, choices=MsgType.choices,
                                default=MsgType.ALERT)
    references = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text=_("The warning an update or a cancel replaces."),
    )
    areas = models.ManyToManyField("geo.Area", verbose_name=_("areas"), blank=True,
                                   related_name="+")
    polygon = models.JSONField(_("drawn polygon"), null=True, blank=True,
                               help_text=_("A GeoJSON Polygon, longitude before latitude."))
    onset = models.DateTimeField(_("onset"), null=True, blank=True,
                                 help_text=_("Empty: from publication."))
    expires = models.DateTimeField(_("expires"), null=True, blank=True,
                                   help_text=_("Empty: the publication time plus the minutes "
                                               "it is valid for."))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True, editable=False,
                                       help_text=_("When an update or cancel of it was "
                                                   "published."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_by = models.CharField(_("published by"), max_length=200, blank=True,
                                    editable=False)
    template = models.ForeignKey(WarningTemplate, verbose_name=_("template"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    alert = models.ForeignKey("sensing.Alert", verbose_name=_("sensor alert"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    indicator = models.ForeignKey("sensing.Indicator", verbose_name=_("indicator"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    trigger = models.ForeignKey("WarningTrigger", verbose_name=_("trigger"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="warnings")
    observed_at = models.DateTimeField(
        _("observed at"), null=True, blank=True,
        help_text=_("When the reading that caused it was taken: the start of the time "
                    "from observation to the first resident told."),
    )

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-created_at", "-id"]
        permissions = [("publish_warning", _("Can publish, update and cancel public warnings"))]
        indexes = [models.Index(fields=["published_at", "expires"], name="warning_current")]

    def __str__(self) -> str:
        return f"{self.identifier} {self.headline}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_current(self, now: datetime | None = None) -> bool:
        """Published, not replaced, not a cancel, not yet expired."""
        now = now or timezone.now()
        return (self.published_at is not None and self.replaced_at is None
                and self.msg_type != MsgType.CANCEL
                and (self.expires is None or self.expires > now))

    def expiry_from(self, published: datetime) -> datetime:
        return self.expires or published + timedelta(minutes=self.valid_minutes)


class WarningTrigger(models.Model):
    """A sensor rule (or an indicator) that proposes or publishes a warning at a level.

    Kept in this app, not in ``sensing``: sensing announces its alerts
    (``sensing.rules.signals.alert_raised``) and knows nothing of warnings.
    """

    name = models.CharField(_("name"), max_length=200,
                            help_text=_("What it is for, e.g. River gauge over red: flood "
                                        "warning for the river bank."))
    rule = models.ForeignKey("sensing.Rule", verbose_name=_("sensor rule"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("sensing.Indicator", verbose_name=_("indicator"), null=True,
                                  blank=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(
        _("from level"), max_length=10,
        choices=[*Level.choices, (Band.AMBER.value, Band.AMBER.label)],  # red: both
        help_text=_("A rule's alert at this level or higher (blue, yellow, orange, red); an "
                    "indicator in this band or worse (amber, red)."),
    )
    template = models.ForeignKey(WarningTemplate, verbose_name=_("template"),
                                 on_delete=models.PROTECT, related_name="triggers")
    areas = models.ManyToManyField(
        "geo.Area", verbose_name=_("areas"), blank=True, related_name="+",
        help_text=_("Empty: the district around the rule's sensor (the whole city for an "
                    "indicator)."),
    )
    action = models.CharField(_("action"), max_length=10, choices=TriggerAction.choices,
                              default=TriggerAction.PROPOSE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTUAL)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warning trigger")
        verbose_name_plural = _("warning triggers")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(rule__isnull=False, indicator__isnull=True)
                           | models.Q(rule__isnull=True, indicator__isnull=False)),
                name="warning_trigger_one_source",
                violation_error_message=_("Choose a sensor rule or an indicator, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.rule_id is not None and self.level not in Level.values:
            raise ValidationError({"level": _("A sensor rule's level is blue, yellow, orange "
                                              "or red.")})
        if self.indicator_id is not None and self.level not in (Band.AMBER, Band.RED):
            raise ValidationError({"level": _("An indicator's level is amber or red.")})


class WarningRevision(models.Model):
    """One row whose token changes whenever a warning is published (current.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("warnings revision")

    def __str__(self) -> str:
        return str(self.token)
