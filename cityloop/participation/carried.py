"""When the case that carries out a proposal or a budget project is closed, the work is done.

``cases.lifecycle`` announces every event (``cases.events``); this listener,
subscribed in ``AppConfig.ready``, marks an accepted proposal *implemented*
(telling its author) and a project under way *done*, in the event's own
transaction. It waits for *closed* rather than *resolved*: a resolved case
may still be reopened, a closed one is final, so nothing has to be undone.
"""

from __future__ import annotations

from cityloop.cases.models import CaseContact, CaseEvent, Status
from cityloop.participation import audit, news
from cityloop.participation.models import (
    EventKind,
    Project,
    ProjectStatus,
    Proposal,
    ProposalStatus,
)


def on_case_event(event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
    if event.to_status != Status.CLOSED or event.from_status == Status.CLOSED:
        return
    # of=("self",): PostgreSQL locks no row of an outer join (the author may be gone).
    accepted = (Proposal.objects.select_for_update(of=("self",))
                .select_related("process", "author")
                .filter(case_id=event.case_id, status=ProposalStatus.ACCEPTED))
    for proposal in accepted:
        proposal.status = ProposalStatus.IMPLEMENTED
        proposal.save(update_fields=["status"])
        done = audit.record(EventKind.ANSWERED, event.at, proposal=proposal,
                            status=ProposalStatus.IMPLEMENTED, case=event.case.reference)
        news.tell_author(proposal, done, event.at)
    started = (Project.objects.select_for_update(of=("self",))
               .select_related("budget__process")
               .filter(case_id=event.case_id, status=ProjectStatus.IN_PROGRESS))
    for project in started:
        project.status = ProjectStatus.DONE
        project.save(update_fields=["status"])
        audit.record(EventKind.PROJECT, event.at, process=project.budget.process,
                     project=project.pk, status=ProjectStatus.DONE, case=event.case.reference)
