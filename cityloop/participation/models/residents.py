"""Residents who proved an email address or a phone number, and the codes that prove it.

A resident is one row per *identity*: a keyed hash of the address with its
look-alikes folded (``residents.identity``), so ``Ann.Lee+x@gmail.com`` and
``annlee@gmail.com`` are one person. The address itself is personal data: it
is used to send messages and never appears in a page, an API answer or an
export. A resident who asks to be forgotten has the address blanked and keeps
the hash, so that verifying again finds the same row and counts nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class Resident(models.Model):
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True,
                               help_text=_("Empty once the resident asked to be forgotten."))
    identity = models.CharField(_("identity"), max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("declared street"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Where the resident says they live."))
    residence_checked_at = models.DateTimeField(
        _("residence checked"), null=True, blank=True,
        help_text=_("When a letter's code or the city's identity service confirmed the "
                    "declared street."))
    verified_at = models.DateTimeField(_("verified"))

    class Meta:
        verbose_name = _("verified resident")
        verbose_name_plural = _("verified residents")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


class Verification(models.Model):
    """A code sent to an address, waiting to be typed back (one pending per identity).

    The code is derived from the row and the secret key (``residents.code_of``), so
    nothing typed back is stored."""

    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    identity = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("sent"))
    last_sent_at = models.DateTimeField(null=True, blank=True)
    sends = models.PositiveSmallIntegerField(default=1)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("verification code")
        verbose_name_plural = _("verification codes")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"
