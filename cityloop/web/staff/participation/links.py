"""The proposals and budget projects a case carries out, linked from both case pages.

The residents' pages are another part of the site (``participate:``); an
address is built from its name when that part is installed, and from the
address it is documented to have otherwise, so the link never breaks a case
page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

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


def _address(name: str, args: list[object], fallback: str) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def proposal_url(proposal: Proposal) -> str:
    return _address("participate:proposal", [proposal.pk],
                    f"/participate/proposals/{proposal.pk}/")


def project_url(project: Project) -> str:
    """The budget's page, else its process's page (/participate/<slug>/)."""
    process = project.budget.process
    return _address("participate:budget", [project.budget_id],
                    _address("participate:process", [process.slug],
                             f"/participate/{process.slug}/"))


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
