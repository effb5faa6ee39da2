"""A resident's (or a community system's) subscription to the warnings of some areas.

Only what sending needs is kept: the channel and its address, the areas, the
language, and when it was asked for and confirmed. No name, no IP address.
One row per channel and address: subscribing again adds areas to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a warning reaches the subscriber; each is a notify transport of the same key."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")
    WEBHOOK = "webhook", _("Webhook")
    WEBPUSH = "webpush", _("Browser notification")


class Source(models.TextChoices):
    WEB = "web", _("Subscribe page")
    STAFF = "staff", _("Added by staff")


class Subscription(models.Model):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(
        _("address"), max_length=1000,
        help_text=_("The email address, the phone number, the webhook's URL, or the "
                    "browser's push endpoint."))
    # Web Push: the browser's public key and auth secret (RFC 8291), to encrypt for it.
    push_keys = models.JSONField(_("push keys"), default=dict, blank=True)
    secret = models.CharField(
        _("signing secret"), max_length=200, blank=True,
        help_text=_("Webhooks: the shared secret for the HMAC-SHA256 signature."))
    areas = models.ManyToManyField("geo.Area", verbose_name=_("areas"), related_name="+")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.WEB)
    created_at = models.DateTimeField(_("asked for"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Text messages: wrong guesses of the code sent to the phone (optin.sms_code).
    code_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("warning subscription")
        verbose_name_plural = _("warning subscriptions")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "address"],
                                               name="warning_subscription_once")]
        indexes = [models.Index(fields=["confirmed_at"], name="warning_subscription_ok")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class Fanout(models.Model):
    """What publishing one warning queued, and when the first resident was told.

    ``first_sent_at`` is set by the first successful delivery of any of the
    warning's messages (``notify.signals.message_sent``), so the time from the
    observation that caused the warning to the first resident told can be shown.
    """

    warning = models.OneToOneField("warnings.Warning", verbose_name=_("warning"),
                                   primary_key=True, on_delete=models.CASCADE,
                                   related_name="fanout")
    queued = models.PositiveIntegerField(_("messages queued"), default=0)
    queued_at = models.DateTimeField(_("queued"))
    queue_ms = models.PositiveIntegerField(_("time to queue (ms)"), default=0)
    first_sent_at = models.DateTimeField(_("first delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("warning fan-out")
        verbose_name_plural = _("warning fan-outs")
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.warning_id}: {self.queued}"

