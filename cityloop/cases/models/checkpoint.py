"""AuditCheckpoint: the signed heads of every case's history at one moment."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditCheckpoint(models.Model):
    """What every case's chain looked like when the checkpoint was written.

    ``heads`` holds ``[reference, event count, hash of the last event]`` per
    case; the signature covers its digest, the counts, the reference
    counters and the previous checkpoint's signature (docs/audit.md).
    """

    number = models.PositiveIntegerField(_("number"), unique=True)
    at = models.DateTimeField(_("time"))
    case_count = models.PositiveIntegerField(_("cases"))
    event_count = models.PositiveIntegerField(_("events"))
    max_event_id = models.BigIntegerField(_("last event id"), default=0)
    counters = models.JSONField(_("reference counters"), default=dict)
    heads = models.JSONField(_("heads"), default=list)
    heads_digest = models.CharField(max_length=64)
    prev_signature = models.CharField(max_length=64, blank=True)
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.at:%Y-%m-%d %H:%M}"
