"""The participation audit log: every support, ballot, answer and moderation step.

Residents are counted, not named: an event about a ballot names the budget and
never the resident, so the log can be shown in aggregate (how many supports a
day, who hid which comment and why) without saying who chose what.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    VERIFIED = "verified", _("Resident verified")
    PROPOSED = "proposed", _("Proposal submitted")
    SUPPORTED = "supported", _("Proposal supported")
    THRESHOLD = "threshold", _("Support threshold reached")
    ANSWERED = "answered", _("Proposal answered")
    MERGED = "merged", _("Proposals merged")
    CASE_OPENED = "case_opened", _("Case opened for a proposal")
    HIDDEN = "hidden", _("Hidden by moderation")
    SHOWN = "shown", _("Shown again by moderation")
    COMMENTED = "commented", _("Comment written")
    REPORTED = "reported", _("Comment reported as abuse")
    RESPONDED = "responded", _("Survey answered")
    BALLOT = "ballot", _("Ballot cast")
    RESULTS = "results", _("Results published")
    PROJECT = "project", _("Project status changed")
    CONSULTATION = "consultation", _("Consultation started from a case")


class Event(models.Model):
    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("what"), max_length=12, choices=EventKind.choices)
    process = models.ForeignKey("participation.Process", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("process"))
    proposal = models.ForeignKey("participation.Proposal", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="events",
                                 verbose_name=_("proposal"))
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("staff member"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())
