"""A follower's subscription and the digest items waiting for the daily email.

Only what sending needs is kept: the address, what is followed, the language
and the mode, and when it was asked for and confirmed. No name, no IP address.
An unconfirmed subscription is deleted once its confirmation link expires.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Target(models.TextChoices):
    CASE = "case", _("One report")
    AREA = "area", _("An area")
    RADIUS = "radius", _("Around a point")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("One email per change")
    DIGEST = "digest", _("One email a day")


class Subscription(models.Model):
    email = models.EmailField(_("email"))
    target = models.CharField(_("follows"), max_length=10, choices=Target.choices)
    case = models.ForeignKey("cases.Case", verbose_name=_("report"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="+")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("radius (m)"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices,
                            default=Mode.IMMEDIATE)
    created_at = models.DateTimeField(_("asked for"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target", "confirmed_at"], name="subscription_target"),
            models.Index(fields=["case", "confirmed_at"], name="subscription_case"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.describe()}"

    def describe(self) -> str:
        """What is followed, in the active language (no personal data)."""
        if self.target == Target.CASE and self.case_id:
            return str(_("report %(ref)s") % {"ref": self.case.reference if self.case else ""})
        if self.target == Target.AREA and self.area is not None:
            return self.area.display_name
        return str(_("%(radius)s m around %(lat).5f, %(lon).5f") % {
            "radius": self.radius_m, "lat": self.lat or 0.0, "lon": self.lon or 0.0})


class DigestItem(models.Model):
    """A public change waiting for its follower's daily digest.

    Written in the change's own transaction (a rolled-back change leaves
    none); the digest job sets ``message`` when it puts the item in an
    email, so no change is counted twice.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE,
                                     related_name="items")
    event = models.ForeignKey("cases.CaseEvent", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey("notify.Message", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="digest_items")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("digest item")
        verbose_name_plural = _("digest items")
        constraints = [models.UniqueConstraint(fields=["subscription", "event"],
                                               name="digest_item_once")]

    def __str__(self) -> str:
        return f"{self.subscription_id}:{self.event_id}"
