"""The CAP 1.2 value lists a warning is made of (OASIS CAP 1.2, section 3.2).

Status and message type are stored in lower case (the project's convention
for state), the ``<info>`` vocabularies in CAP's own spelling, so the CAP
document writes them as they are.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    EXERCISE = "exercise", _("Exercise")
    DRAFT = "draft", _("Draft")


class MsgType(models.TextChoices):
    ALERT = "alert", pgettext_lazy("warning message type", "Alert")
    UPDATE = "update", pgettext_lazy("warning message type", "Update")
    CANCEL = "cancel", pgettext_lazy("warning message type", "Cancel")


class Category(models.TextChoices):
    GEO = "Geo", _("Geophysical (landslide)")
    MET = "Met", _("Meteorological (flood, storm)")
    SAFETY = "Safety", _("Public safety")
    SECURITY = "Security", _("Security")
    RESCUE = "Rescue", _("Rescue and recovery")
    FIRE = "Fire", _("Fire")
    HEALTH = "Health", _("Health")
    ENV = "Env", _("Environment (pollution)")
    TRANSPORT = "Transport", _("Transport")
    INFRA = "Infra", _("Utilities and infrastructure")
    CBRNE = "CBRNE", _("Chemical, biological, radiological, nuclear or explosive")
    OTHER = "Other", _("Other")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Immediate: act now")
    EXPECTED = "Expected", _("Expected: act within the next hour")
    FUTURE = "Future", _("Future: act in the near future")
    PAST = "Past", _("Past: no longer needed")
    UNKNOWN = "Unknown", _("Unknown")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("Extreme")
    SEVERE = "Severe", _("Severe")
    MODERATE = "Moderate", _("Moderate")
    MINOR = "Minor", _("Minor")
    UNKNOWN = "Unknown", _("Unknown")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("Observed")
    LIKELY = "Likely", _("Likely")
    POSSIBLE = "Possible", _("Possible")
    UNLIKELY = "Unlikely", _("Unlikely")
    UNKNOWN = "Unknown", _("Unknown")


class TriggerAction(models.TextChoices):
    PROPOSE = "propose", _("Propose a draft for a duty officer")
    PUBLISH = "publish", _("Publish at once")
