"""Participatory budgets: projects with costs, secret ballots, and the roll of voters.

A ``Ballot`` has a random key and the day it was cast, and no link to anyone;
a ``Voter`` row says that a resident voted, and when, and nothing of how. The
two are written in one transaction, so there is exactly one ballot per voter,
and no column joins them.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class BallotRule(models.TextChoices):
    KNAPSACK = "knapsack", _("Choose projects up to the budget")
    K_OF_N = "k_of_n", _("Choose a number of projects")


class ProjectStatus(models.TextChoices):
    CANDIDATE = "candidate", _("On the ballot")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Done")


class Budget(models.Model):
    process = models.ForeignKey("participation.Process", on_delete=models.CASCADE,
                                related_name="budgets", verbose_name=_("process"))
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title in other languages"), default=dict, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    rule = models.CharField(_("ballot rule"), max_length=10, choices=BallotRule.choices,
                            default=BallotRule.KNAPSACK)
    max_choices = models.PositiveSmallIntegerField(
        _("projects to choose"), null=True, blank=True,
        help_text=_("For “choose a number of projects”: at most this many."))
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)

    class Meta:
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def title_text(self, language: str | None = None) -> str:
        return pick(self.title, self.title_i18n, language)


class Project(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects",
                               verbose_name=_("budget"))
    title = models.CharField(_("title"), max_length=200)
    title_i18n = models.JSONField(_("title in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_i18n = models.JSONField(_("description in other languages"), default=dict,
                                        blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2)
    area = models.ForeignKey("geo.Area", verbose_name=_("area"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    proposal = models.ForeignKey("participation.Proposal", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="projects",
                                 verbose_name=_("from proposal"))
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="budget_projects", verbose_name=_("case"),
                             help_text=_("The case that carries out the selected project."))
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.CANDIDATE)

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def title_text(self, language: str | None = None) -> str:
        return pick(self.title, self.title_i18n, language)

    def description_text(self, language: str | None = None) -> str:
        return pick(self.description, self.description_i18n, language)


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    cast_on = models.DateField()  # the day only: a time would line up with the voter roll
    projects = models.ManyToManyField(Project, related_name="ballots", through="BallotChoice")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"#{self.pk}"


class BallotChoice(models.Model):
    # A random key too: sequential ids would number the choices in the order of the
    # voter roll.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "project"],
                                               name="ballot_choice_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Voter(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="voters")
    # PROTECT: a resident who voted is forgotten (their address blanked), never deleted,
    # or they could verify again and vote twice.
    resident = models.ForeignKey("participation.Resident", on_delete=models.PROTECT,
                                 related_name="+")
    voted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["budget", "resident"], name="vote_once")]

    def __str__(self) -> str:
        return f"#{self.pk}"
