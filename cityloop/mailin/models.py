"""Every message the mail intake accepted, stored before it is read.

The SMTP server answers ``250`` only once the raw message is a row here (the
IMAP poller marks a message seen only then), so a crash while the message is
turned into a case loses nothing: the row stays ``pending`` and is processed
again, by ``mail-ingest`` when it starts and by the worker's ``mail_spool`` job.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailState(models.TextChoices):
    PENDING = "pending", _("Waiting to be processed")
    CASE = "case", _("Opened a case")
    UPDATE = "update", _("Added to a case")
    REFUSED = "refused", _("Refused, sender answered")
    DROPPED = "dropped", _("Dropped without an answer")
    FAILED = "failed", _("Failed, will not be retried")


class InboundMail(models.Model):
    """One accepted message. The sender's address is personal data: shown in the
    admin (administrators only), never on a public page."""

    received_at = models.DateTimeField(_("received"), db_index=True)
    via = models.CharField(_("received by"), max_length=10,
                           help_text=_("smtp or imap: how the message reached CityLoop."))
    mail_from = models.CharField(_("envelope sender"), max_length=320, blank=True)
    recipients = models.TextField(_("envelope recipients"), blank=True)
    raw = models.BinaryField(_("message"), editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"))
    state = models.CharField(_("state"), max_length=10, choices=MailState.choices,
                             default=MailState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True,
                               help_text=_("What became of the message, or why it was refused."))
    case = models.ForeignKey("cases.Case", verbose_name=_("case"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("received email")
        verbose_name_plural = _("received emails")
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "id"], name="inboundmail_state")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_state_display()}"
