"""The proposals and budget projects a case carries out, linked from both case pages.

Residents read them on their own pages (``participate:proposal`` and
``participate:budget``); staff who may answer a proposal also get its
evaluation page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cityloop.cases.models import Case
from cityloop.cases.policy import AnyUser
from cityloop.participation import policy
from cityloop.participation.models import VISIBLE, Project, Proposal


@dataclass(frozen=True)
class Carried:
    kind: str  # "proposal" or "project"
    pk: int
    title: str
    url: str  # the residents' page
    staff_url: str = ""  # its evaluation page, for staff who may answer it


def proposal_url(proposal: Proposal) -> str:
    return reverse("participate:proposal", args=[proposal.pk])


def project_url(project: Project) -> str:
    """The page of the project's budget (its ballot, then its results)."""
    return reverse("participate:budget", args=[project.budget_id])


def carried_out(case: Case, *, public: bool = False,
                staff: AnyUser | None = None) -> list[Carried]:
    """What ``case`` carries out; with ``public`` only what residents may see; with
    ``staff`` the evaluation page of the proposals they may answer."""
    proposals = Proposal.objects.filter(case=case).select_related("process")
    projects = Project.objects.filter(case=case).select_related("budget__process")
    if public:
        proposals = proposals.filter(status__in=VISIBLE, process__published=True)
        projects = projects.filter(budget__process__published=True)
    def evaluation(proposal: Proposal) -> str:
        if staff is None or not policy.may_answer(staff, proposal.process):
            return ""
        return reverse("staff:participation:proposal", args=[proposal.pk])

    return ([Carried("proposal", p.pk, p.title, proposal_url(p), evaluation(p))
             for p in proposals]
            + [Carried("project", p.pk, p.title_text(), project_url(p)) for p in projects])
