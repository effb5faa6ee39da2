"""Casting a secret ballot within the budget's rule, and counting them.

The ballot and the roll entry are written in one transaction: the roll's
unique constraint makes a second ballot of the same resident fail whole, so
nothing is counted twice. The ballot keeps the day, not the time, and has a
random key, so neither its order nor its time lines it up with the roll.

The tally recounts every stored ballot and selects projects in order of
votes (ties: the cheaper first, then the older) while they fit in what is
left of the budget: the greedy rule most participatory budgets use. A
project that does not fit is skipped and the next one is tried.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from cityloop.catalogue.models import ServiceCategory
from cityloop.participation import audit, phases, work
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    Ballot,
    BallotChoice,
    BallotRule,
    Budget,
    EventKind,
    PhaseKind,
    Project,
    ProjectStatus,
    Resident,
    Voter,
)
from cityloop.participation.work import User

VOTE_PHASES = (PhaseKind.VOTE,)


def _money(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def check_choice(budget: Budget, project_ids: Iterable[int | str]) -> list[Project]:
    """The chosen projects, or ``Refused`` saying how the choice breaks the rule."""
    try:
        wanted = {int(pk) for pk in project_ids}
    except (TypeError, ValueError):
        raise Refused("bad_project", _("Choose projects from the ballot.")) from None
    projects = list(Project.objects.filter(budget=budget, pk__in=wanted,
                                           status=ProjectStatus.CANDIDATE))
    if len(projects) != len(wanted):
        raise Refused("bad_project", _("Choose projects from this ballot only."))
    if not projects:
        raise Refused("empty_ballot", _("Choose at least one project."))
    if budget.rule == BallotRule.KNAPSACK:
        total = sum((p.cost for p in projects), Decimal(0))
        if total > budget.amount:
            raise Refused("over_budget", _(
                "Your choice costs %(total)s, more than the budget of %(amount)s. Leave out "
                "a project or two.") % {"total": _money(total), "amount": _money(budget.amount)})
    elif budget.max_choices and len(projects) > budget.max_choices:
        raise Refused("too_many_projects", _("Choose at most %(n)d projects.")
                      % {"n": budget.max_choices})
    return projects


def cast(budget: Budget, resident: Resident | None, project_ids: Iterable[int | str], *,
         now: datetime | None = None) -> Ballot:
    now = now or timezone.now()
    process = budget.process
    phases.require(process, VOTE_PHASES, now)
    resident = phases.require_resident(process, resident)
    projects = check_choice(budget, project_ids)
    try:
        with transaction.atomic():
            Voter.objects.create(budget=budget, resident=resident, voted_at=now)
            ballot = Ballot.objects.create(budget=budget, cast_on=timezone.localdate(now))
            BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project=p)
                                             for p in projects)
            audit.record(EventKind.BALLOT, now, process=process, budget=budget.pk)
    except IntegrityError:
        raise Refused("already_voted", _("You have voted in this budget already: one ballot "
                                         "per resident.")) from None
    return ballot


@dataclass(frozen=True)
class ProjectResult:
    project: Project
    votes: int
    selected: bool


@dataclass(frozen=True)
class Tally:
    budget: Budget
    ballots: int
    voters: int
    projects: list[ProjectResult]  # in order of votes

    @property
    def total(self) -> Decimal:
        """The cost of the selected projects."""
        return sum((r.project.cost for r in self.projects if r.selected), Decimal(0))


def tally(budget: Budget) -> Tally:
    projects = list(budget.projects.select_related("area", "case", "proposal"))
    votes = Counter(BallotChoice.objects.filter(ballot__budget=budget)
                    .values_list("project_id", flat=True))
    ordered = sorted(projects, key=lambda p: (-votes.get(p.pk, 0), p.cost, p.pk))
    left, results = budget.amount, []
    for project in ordered:
        count = votes.get(project.pk, 0)
        chosen = count > 0 and project.cost <= left
        if chosen:
            left -= project.cost
        results.append(ProjectResult(project, count, chosen))
    return Tally(budget, Ballot.objects.filter(budget=budget).count(),
                 Voter.objects.filter(budget=budget).count(), results)


def publish_results(budget: Budget, user: User, *, now: datetime | None = None) -> Tally:
    """Mark the selected projects and make the results public, once the vote has ended."""
    now = now or timezone.now()
    phase = budget.process.phase_at(now)
    if phase is not None and phase.kind == PhaseKind.VOTE:
        raise Refused("vote_running", _("The vote is still open; publish the results after "
                                        "it ends."))
    if not budget.process.phases.filter(kind=PhaseKind.VOTE, ends_at__lte=now).exists():
        raise Refused("no_vote_yet", _("There has been no vote yet: publish the results once "
                                       "a vote phase has ended."))
    with transaction.atomic():
        budget = Budget.objects.select_for_update().get(pk=budget.pk)
        result = tally(budget)
        for row in result.projects:
            if row.project.status in (ProjectStatus.CANDIDATE, ProjectStatus.SELECTED,
                                      ProjectStatus.NOT_SELECTED):
                row.project.status = (ProjectStatus.SELECTED if row.selected
                                      else ProjectStatus.NOT_SELECTED)
                row.project.save(update_fields=["status"])
        budget.results_published_at = now
        budget.save(update_fields=["results_published_at"])
        audit.record(EventKind.RESULTS, now, process=budget.process, staff=user,
                     budget=budget.pk, ballots=result.ballots, total=str(result.total))
    return result


def start_project(project: Project, user: User, category: ServiceCategory | None = None, *,
                  now: datetime | None = None) -> Project:
    """Open the case that carries out a selected project (once)."""
    now = now or timezone.now()
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("budget").get(pk=project.pk)
        if project.status != ProjectStatus.SELECTED or project.case_id is not None:
            raise Refused("not_selected", _("Only a selected project without a case can be "
                                            "started."))
        source = project.proposal
        project.case = work.open_case(work.Work(
            title=project.title, body=project.description or project.title,
            category=category or (source.category if source else None), lat=project.lat,
            lon=project.lon, area_id=project.area_id,
            language=settings.LANGUAGE_CODE), user, now)
        project.status = ProjectStatus.IN_PROGRESS
        project.save(update_fields=["case", "status"])
        audit.record(EventKind.PROJECT, now, process=project.budget.process, staff=user,
                     project=project.pk, case=project.case.reference)
    return project


@dataclass(frozen=True)
class Day:
    day: date
    voters: int
    ballots: int


def audit_by_day(budget: Budget) -> list[Day]:
    """Voters on the roll and ballots in the box, per day: equal on every day when no
    ballot was lost or added, and no more than counts, so it may be published."""
    voters = Counter(timezone.localdate(at) for at in
                     Voter.objects.filter(budget=budget).values_list("voted_at", flat=True))
    ballots = Counter(Ballot.objects.filter(budget=budget).values_list("cast_on", flat=True))
    return [Day(day, voters.get(day, 0), ballots.get(day, 0))
            for day in sorted(set(voters) | set(ballots))]
