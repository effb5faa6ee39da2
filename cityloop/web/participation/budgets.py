"""/participate/budgets/<id>/: a verified resident casts one secret ballot; anyone reads
the results once the city has published them.

Nothing here shows how anyone voted: after casting, the page says the ballot
was counted and no more (no receipt listing the choices, which someone could
be made to show), and the results are the recount of every stored ballot
(``participation.budgets.tally``), which has no link to the voter roll.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cityloop.analytics.display import count_text
from cityloop.participation import budgets as domain
from cityloop.participation import phases
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    BallotRule,
    Budget,
    PhaseKind,
    Project,
    ProjectStatus,
    Voter,
)
from cityloop.web.participation import session
from cityloop.web.participation.decide_common import (
    money,
    phase_dates,
    require_published,
    verify_redirect,
)
from cityloop.web.public.charts import bar_chart

FOLLOWED = (ProjectStatus.IN_PROGRESS, ProjectStatus.DONE)  # statuses after the vote


def _budget(pk: int) -> Budget:
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    require_published(budget.process)
    return budget


def rule_sentence(budget: Budget) -> str:
    if budget.rule == BallotRule.KNAPSACK:
        return _("Choose as many projects as you like, as long as their costs add up to no "
                 "more than the budget of %(amount)s.") % {"amount": money(budget.amount)}
    if budget.max_choices:
        return _("Choose up to %(n)d projects; their costs do not matter for your choice.") % {
            "n": budget.max_choices}
    return _("Choose as many projects as you like.")


def _notice(request: HttpRequest, budget: Budget, message: str, *, status: int = 200,
            **extra: Any) -> HttpResponse:
    return render(request, "web/participation/budget_notice.html",
                  {"budget": budget, "message": message, **extra}, status=status)


def _shown(project: Project, chosen: bool) -> dict[str, Any]:
    description = project.description_text()
    area = project.area.display_name if project.area else ""
    return {"project": project, "cost": money(project.cost), "chosen": chosen,
            "description": description, "area": area, "about": bool(description or area)}


def _digits() -> dict[str, Any]:
    """How the page's language groups digits, so the script's sums look like the page's
    amounts (Chinese, as Django formats it, groups none)."""
    grouping = get_format("NUMBER_GROUPING")
    size = grouping if isinstance(grouping, int) else (list(grouping) or [0])[0]
    return {"separator": get_format("THOUSAND_SEPARATOR") or "", "grouping": size}


def _form(request: HttpRequest, budget: Budget, chosen: set[str], error: str = "", *,
          status: int = 200) -> HttpResponse:
    projects = list(budget.projects.filter(status=ProjectStatus.CANDIDATE)
                    .select_related("area"))
    return render(request, "web/participation/budget.html", {
        "budget": budget, "rule": rule_sentence(budget), "amount": money(budget.amount),
        "projects": [_shown(p, str(p.pk) in chosen) for p in projects],
        "knapsack": budget.rule == BallotRule.KNAPSACK, "error": error,
        "ballot_config": {"amount": str(budget.amount), "rule": budget.rule,
                          "max": budget.max_choices or 0, **_digits()},
    }, status=status)


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponseBase:
    budget = _budget(pk)
    process, now = budget.process, timezone.now()
    status = 400 if request.method == "POST" else 200
    try:
        phases.require(process, domain.VOTE_PHASES, now)
    except Refused as refused:
        return _notice(request, budget, str(refused.message), status=status,
                       dates=phase_dates(process, PhaseKind.VOTE, now))
    resident = session.resident_of(request)
    if resident is None:
        return verify_redirect(request)
    try:
        phases.require_resident(process, resident)
    except Refused as refused:
        return _notice(request, budget, str(refused.message), status=status)
    if Voter.objects.filter(budget=budget, resident=resident).exists():
        return _notice(request, budget, _("You have voted in this budget already: one ballot "
                                          "per resident."), status=status, voted=True)
    if request.method != "POST":
        return _form(request, budget, set())
    chosen = request.POST.getlist("projects")
    try:
        domain.cast(budget, resident, chosen, now=now)
    except Refused as refused:
        return _form(request, budget, set(chosen), str(refused.message), status=400)
    return redirect("participate:budget_counted", pk=budget.pk)


@require_GET
def counted(request: HttpRequest, pk: int) -> HttpResponseBase:
    budget = _budget(pk)
    resident = session.resident_of(request)
    if resident is None or not Voter.objects.filter(budget=budget, resident=resident).exists():
        return redirect("participate:budget", pk=budget.pk)
    return render(request, "web/participation/budget_counted.html", {"budget": budget})


def _project_row(row: domain.ProjectResult) -> dict[str, Any]:
    project: Project = row.project
    return {"title": project.title_text(), "votes": row.votes, "cost": money(project.cost),
            "selected": row.selected, "area": project.area.display_name if project.area else "",
            "status": project.get_status_display() if project.status in FOLLOWED else "",
            "case_url": reverse("public_case", args=[project.case.reference])
            if project.case else ""}


@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    budget = _budget(pk)
    if budget.results_published_at is None:
        return _notice(request, budget, _("The results are published after the vote."),
                       dates=phase_dates(budget.process, PhaseKind.VOTE, timezone.now()),
                       waiting=True)
    tally = domain.tally(budget)
    rows = [_project_row(r) for r in tally.projects]
    return render(request, "web/participation/budget_results.html", {
        "budget": budget, "tally": tally, "rows": rows, "amount": money(budget.amount),
        "total": money(tally.total), "ballots": tally.ballots,
        "chart": bar_chart([(r["title"], r["votes"], count_text(r["votes"])) for r in rows]),
    })
