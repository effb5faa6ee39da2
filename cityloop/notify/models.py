"""Notification channels, the outbox of messages, and the record of every delivery."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a message is about."""

    ACKNOWLEDGEMENT = "acknowledgement", _("Report received")
    CASE_UPDATE = "case_update", _("Update on a case")
    CASE_RESOLVED = "case_resolved", _("Case resolved")
    CASE_REJECTED = "case_rejected", _("Case rejected")
    CASE_DUPLICATE = "case_duplicate", _("Case merged with another")
    NEW_CASE = "new_case", _("New case for the department")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    CASE_OVERDUE = "case_overdue", _("Case overdue")
    CASE_ESCALATED = "case_escalated", _("Case escalated")
    CASE_EVENT = "case_event", _("Any event of a case")
    FOLLOW_CONFIRM = "follow_confirm", _("Confirm following by email")
    FOLLOW_CHANGE = "follow_change", _("News for a follower")
    FOLLOW_DIGEST = "follow_digest", _("Daily digest for a follower")
    WARNING = "warning", _("Public warning")
    WARNING_CONFIRM = "warning_confirm", _("Confirm a warning subscription")
    PARTICIPATION_CODE = "participation_code", _("Code to take part")
    PROPOSAL_ANSWERED = "proposal_answered", _("Answer to a resident's proposal")


# A follower's messages (notify.follow): rendered by ``follow.render``, never to a channel.
FOLLOW_KINDS = (Kind.FOLLOW_CONFIRM, Kind.FOLLOW_CHANGE, Kind.FOLLOW_DIGEST)
# A warning's messages (cityloop.warnings): rendered by the warnings' own code (notify.hooks).
WARNING_KINDS = (Kind.WARNING, Kind.WARNING_CONFIRM)
# A resident's verification code (cityloop.participation), rendered by that app (notify.hooks).
PARTICIPATION_KINDS = (Kind.PARTICIPATION_CODE, Kind.PROPOSAL_ANSWERED)

DEPARTMENT_KINDS = [
    Kind.NEW_CASE,
    Kind.CASE_REOPENED,
    Kind.CASE_OVERDUE,
    Kind.CASE_ESCALATED,
]


def default_channel_events() -> list[str]:
    return [str(kind) for kind in DEPARTMENT_KINDS]


class NotificationChannel(models.Model):
    """Where a department (or the whole city) wants to hear about its cases."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, help_text=_("How messages are sent: email or webhook.")
    )
    department = models.ForeignKey(
        "catalogue.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="channels",
        help_text=_("Leave empty to hear about every department's cases."),
    )
    target = models.CharField(
        _("address"), max_length=1000, help_text=_("An email address, or the webhook's URL.")
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        blank=True,
        help_text=_("Webhooks: the shared secret for the HMAC-SHA256 signature."),
    )
    events = models.JSONField(
        _("events"),
        default=default_channel_events,
        help_text=_(
            "Which messages to send: new_case, case_reopened, case_overdue, case_escalated, "
            "or case_event for every event of every case."
        ),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    disabled_reason = models.CharField(_("why disabled"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification channel")
        verbose_name_plural = _("notification channels")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class ChannelRevision(models.Model):
    """Changes whenever a notification channel changes (see cityloop/sharedcache.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("channel revision")

    def __str__(self) -> str:
        return str(self.token)


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One message to one recipient: the outbox row the worker claims.

    One row per recipient means a retry re-sends only to the recipient
    that failed (the FixMyStreet habit).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # None for a follower's confirmation or digest, which are about no one case.
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="messages")
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    transport = models.CharField(_("transport"), max_length=20)
    target = models.CharField(_("recipient"), max_length=1000)
    channel = models.ForeignKey(
        NotificationChannel, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A follower's message: deleting the subscription deletes what is still queued.
    subscription = models.ForeignKey(
        "notify.Subscription", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A public warning's message (cityloop.warnings): the warning and the subscription
    # it goes to. Named by string, so notify imports nothing of the warnings app.
    # (No index of its own: the unique constraint below starts with it.)
    warning = models.ForeignKey("warnings.Warning", null=True, blank=True, db_index=False,
                                on_delete=models.CASCADE, related_name="+")
    warning_subscription = models.ForeignKey(
        "warning_subscriptions.Subscription", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+")
    # A participation message (cityloop.participation): the logged step it tells of.
    participation_event = models.ForeignKey(
        "participation.Event", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+")
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]
        # A warning reaches each subscription once; also how an update finds who was told.
        constraints = [models.UniqueConstraint(fields=["warning", "warning_subscription"],
                                               name="message_warning_once")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.transport}"


class Outcome(models.TextChoices):
    PENDING = "pending", _("Sending")
    OK = "ok", _("Delivered")
    TRANSIENT = "transient", _("Failed, will retry")
    PERMANENT = "permanent", _("Failed for good")


class Delivery(models.Model):
    """One attempt to send a message, written before the attempt and completed after."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    attempt = models.PositiveIntegerField(_("attempt"))
    worker = models.CharField(_("worker"), max_length=100)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "attempt"], name="delivery_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"{self.message_id}#{self.attempt} {self.outcome}"


# The follow-by-email models, the chat conversations (notify.chat) and the Web
# Push keys live in their own packages; imported here so that Django finds them
# under the app label ``notify``.
from cityloop.notify.channels.webpush.models import PushKeys  # noqa: E402
from cityloop.notify.chat.models import Conversation, ConversationPhoto  # noqa: E402
from cityloop.notify.follow.models import DigestItem, Subscription  # noqa: E402

__all__ = ["FOLLOW_KINDS", "WARNING_KINDS", "ChannelRevision", "Conversation",
           "ConversationPhoto", "Delivery", "DigestItem", "Kind", "Message", "MessageStatus",
           "NotificationChannel", "Outcome", "PushKeys",
           "Subscription"]
