"""Proposals, their supports and comments, abuse reports, and staff's answer templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class ProposalStatus(models.TextChoices):
    PUBLISHED = "published", _("Open for support")
    EVALUATING = "evaluating", _("Being evaluated")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    IMPLEMENTED = "implemented", _("Implemented")
    MERGED = "merged", _("Merged into another")
    HIDDEN = "hidden", _("Hidden by moderation")


# Statuses in which a proposal still gathers supports.
SUPPORTABLE = (ProposalStatus.PUBLISHED, ProposalStatus.EVALUATING)
# Statuses shown to the public.
VISIBLE = (ProposalStatus.PUBLISHED, ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED,
           ProposalStatus.REJECTED, ProposalStatus.IMPLEMENTED, ProposalStatus.MERGED)
# Statuses that answer a proposal (stop its answer clock).
ANSWERED = (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED, ProposalStatus.IMPLEMENTED,
            ProposalStatus.MERGED)


class Feasibility(models.TextChoices):
    UNKNOWN = "", _("Not assessed")
    FEASIBLE = "feasible", _("Feasible")
    CONDITIONS = "conditions", _("Feasible with conditions")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class Proposal(models.Model):
    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE,
                                related_name="proposals", verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("proposal"), max_length=5000)
    category = models.ForeignKey(
        "catalogue.ServiceCategory", verbose_name=_("category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+")
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to="participation/proposals/", blank=True)
    # Personal: who proposed it is never shown (proposals are signed "a resident").
    author = models.ForeignKey("participation.Resident", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="proposals",
                               verbose_name=_("author"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.PUBLISHED)
    supports = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True,
                                                editable=False)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("answered by"))
    feasibility = models.CharField(_("feasibility"), max_length=12, blank=True,
                                   choices=Feasibility.choices)
    cost_estimate = models.DecimalField(_("estimated cost"), max_digits=14, decimal_places=2,
                                        null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="merged", verbose_name=_("merged into"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="proposals", verbose_name=_("case"),
                             help_text=_("The case that carries out the accepted proposal."))
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["process", "status"], name="proposal_process_status"),
                   models.Index(fields=["answer_due_at"], name="proposal_answer_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"P{self.pk}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    # PROTECT, as a voter: a resident is forgotten, not deleted, so supports stay once each.
    resident = models.ForeignKey("participation.Resident", on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["proposal", "resident"],
                                               name="support_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments",
                                 verbose_name=_("proposal"))
    author = models.ForeignKey("participation.Resident", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written"))
    reports = models.PositiveIntegerField(_("abuse reports"), default=0, editable=False)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("hidden by"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class AbuseReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="abuse_reports")
    resident = models.ForeignKey("participation.Resident", on_delete=models.PROTECT,
                                 related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [models.UniqueConstraint(fields=["comment", "resident"],
                                               name="abuse_report_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class AnswerTemplate(models.Model):
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(_("answer"), max_length=12, choices=[
        (ProposalStatus.EVALUATING, ProposalStatus.EVALUATING.label),
        (ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED.label),
        (ProposalStatus.REJECTED, ProposalStatus.REJECTED.label)])
    text = models.TextField(_("text"))
    text_i18n = models.JSONField(_("text in other languages"), default=dict, blank=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["status", "title"]

    def __str__(self) -> str:
        return self.title

    def text_in(self, language: str | None = None) -> str:
        return pick(self.text, self.text_i18n, language)
