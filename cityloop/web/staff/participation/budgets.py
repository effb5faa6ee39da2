"""Participatory budgets for staff: the tally during and after the vote, publishing
the results, and starting the work of each selected project (a case).

Reading a tally is for those who answer or decide for the budget's process;
publishing and starting work (the city's money) for those who decide
(``participation.policy.may_decide``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.cases import policy as case_policy
from cityloop.participation import budgets, policy
from cityloop.participation.errors import Refused
from cityloop.participation.models import Budget, Project, ProjectStatus
from cityloop.web.staff.participation.forms import StartProjectForm
from cityloop.web.staff.participation.guard import participation_staff, refused, user_of


@participation_staff
@require_GET
def budget_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    shown = list(policy.visible_budgets(request.user).select_related("process")
                 .prefetch_related("process__phases").order_by("-id"))
    rows = [(b, b.process.phase_at(now)) for b in shown]
    return render(request, "web/staff/participation/budgets.html",
                  {"rows": rows, "section": "budgets"})


def _budget(request: HttpRequest, pk: int) -> tuple[Budget, HttpResponse | None]:
    budget = get_object_or_404(Budget.objects.select_related("process"), pk=pk)
    if not policy.visible_budgets(request.user).filter(pk=budget.pk).exists():
        return budget, refused(request, _("Your role does not cover this budget."))
    return budget, None


def render_budget(request: HttpRequest, budget: Budget,
                  bound: dict[int, StartProjectForm] | None = None,
                  status: int = 200) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    tally = budgets.tally(budget)
    decides = policy.may_decide(user, budget.process)
    rows = []
    for result in tally.projects:
        project = result.project
        form = None
        if decides and project.status == ProjectStatus.SELECTED and project.case_id is None:
            form = (bound or {}).get(project.pk) or StartProjectForm(
                prefix=f"p{project.pk}",
                initial={"category": project.proposal.category_id if project.proposal else None})
        case_visible = project.case is not None and case_policy.can_view(user, project.case)
        rows.append({"result": result, "form": form, "case_visible": case_visible})
    return render(request, "web/staff/participation/budget.html", {
        "budget": budget, "tally": tally, "rows": rows, "decides": decides,
        "phase": budget.process.phase_at(now), "section": "budgets",
    }, status=status)


@participation_staff
@require_GET
def budget_page(request: HttpRequest, pk: int) -> HttpResponse:
    budget, denied = _budget(request, pk)
    return denied or render_budget(request, budget)


def _deciding(request: HttpRequest, budget: Budget) -> HttpResponse | None:
    if policy.may_decide(request.user, budget.process):
        return None
    return refused(request, _("Only the responsible department's supervisors and the city's "
                              "administrators publish results and start the work."))


def _page(budget: Budget) -> str:
    return reverse("staff:participation:budget", args=[budget.pk])


@participation_staff
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    budget, denied = _budget(request, pk)
    denied = denied or _deciding(request, budget)
    if denied:
        return denied
    try:
        result = budgets.publish_results(budget, user_of(request))
    except Refused as refusal:
        messages.error(request, str(refusal.message))
        return render_budget(request, budget, status=400)
    messages.success(request, _("Results published: %(ballots)d ballots counted, %(selected)d "
                                "projects selected.")
                     % {"ballots": result.ballots,
                        "selected": sum(1 for r in result.projects if r.selected)})
    return redirect(_page(budget))


@participation_staff
@require_POST
def start_project(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    budget, denied = _budget(request, pk)
    denied = denied or _deciding(request, budget)
    if denied:
        return denied
    project = get_object_or_404(Project, pk=project_pk, budget=budget)
    form = StartProjectForm(request.POST, prefix=f"p{project.pk}")
    if form.is_valid():
        try:
            project = budgets.start_project(project, user_of(request),
                                            form.cleaned_data["category"])
        except Refused as refusal:
            form.add_error("category" if refusal.field == "category" else None,
                           str(refusal.message))
        else:
            assert project.case is not None
            messages.success(request, _("Work started: case %(ref)s carries out “%(title)s”.")
                             % {"ref": project.case.reference, "title": project.title_text()})
            return redirect(_page(budget))
    return render_budget(request, budget, {project.pk: form}, status=400)
