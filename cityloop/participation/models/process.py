"""A process: a consultation, a map survey or a participatory budget, in phases."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class ProcessKind(models.TextChoices):
    PROPOSALS = "proposals", _("Proposals")
    SURVEY = "survey", _("Survey")
    BUDGET = "budget", _("Participatory budget")


class PhaseKind(models.TextChoices):
    """Decidim's steps, in their usual order; a process uses the ones it needs."""

    INFORMATION = "information", _("Information")
    PROPOSALS = "proposals", _("Proposals")
    SUPPORT = "support", _("Support")
    CONSULTATION = "consultation", _("Survey open")
    EVALUATION = "evaluation", _("Evaluation")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


class Process(models.Model):
    slug = models.SlugField(_("address name"), max_length=80, unique=True,
                            help_text=_("Used in the page's address: /participate/<name>/."))
    kind = models.CharField(_("kind"), max_length=10, choices=ProcessKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title in other languages"), default=dict, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_i18n = models.JSONField(_("summary in other languages"), default=dict, blank=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("scope"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("The district or street it concerns; empty for the whole "
                                      "city. Only residents who declare living there take part "
                                      "when residence is required."))
    residence_required = models.BooleanField(
        _("residents of the scope only"), default=False,
        help_text=_("Ask residents to declare the street they live in, inside the scope."))
    department = models.ForeignKey(
        "catalogue.Department", verbose_name=_("responsible department"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Answers the proposals and carries out what is accepted."))
    support_threshold = models.PositiveIntegerField(
        _("support threshold"), default=50,
        help_text=_("A proposal with this many supports must get a public answer."))
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"), default=30,
        help_text=_("How long the department has to answer a proposal over the threshold."))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participation process")
        verbose_name_plural = _("participation processes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def title_text(self, language: str | None = None) -> str:
        return pick(self.title, self.title_i18n, language)

    def summary_text(self, language: str | None = None) -> str:
        return pick(self.summary, self.summary_i18n, language)

    def phase_at(self, when: datetime) -> Phase | None:
        """The phase running at ``when`` (the latest started, if phases overlap)."""
        running = [p for p in self.phases.all() if p.starts_at <= when < p.ends_at]
        return max(running, key=lambda p: p.starts_at) if running else None


class Phase(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases",
                                verbose_name=_("process"))
    kind = models.CharField(_("phase"), max_length=15, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="participation_phase_ends_after_start")]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Document(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title in other languages"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="participation/documents/", blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("Or a link to the document."))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def title_text(self, language: str | None = None) -> str:
        return pick(self.title, self.title_i18n, language)
