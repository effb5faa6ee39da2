"""Reopening a finished case: a fresh SLA clock and a clean slate."""

from __future__ import annotations

from datetime import timedelta

from cityloop.cases import lifecycle, sla
from cityloop.cases.actors import Actor
from cityloop.cases.models import Status


def test_it_reopens_a_finished_case_with_a_fresh_clock(case_in, roads_supervisor):
    for status in (Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.DUPLICATE):
        case = case_in(status)
        later = case.created_at + timedelta(days=30)
        event = lifecycle.transition(case, "reopen", Actor.staff(roads_supervisor), now=later,
                                     reason="Resident says it is back")
        assert case.status == Status.REOPENED
        assert case.due_at == later + timedelta(hours=72)
        assert case.escalate_at == later + timedelta(hours=144)
        assert (case.resolved_at, case.closed_at, case.reject_reason, case.duplicate_of) == (
            None, None, "", None), status
        assert event.data == {"reason": "Resident says it is back",
                              "due_at": case.due_at.isoformat()}


def test_it_forgets_an_earlier_overdue_mark_and_escalation(make_case, roads_supervisor):
    case = make_case()
    late = case.escalate_at + timedelta(minutes=1)
    sla.mark_overdue(late)
    sla.escalate(late)
    case.refresh_from_db()
    assert case.escalated_to is not None
    lifecycle.transition(case, "resolve", Actor.staff(roads_supervisor), now=late)
    lifecycle.transition(case, "reopen", Actor.staff(roads_supervisor), now=late)
    assert (case.overdue_at, case.escalated_at, case.escalated_to) == (None, None, None)
    assert case.due_at == late + timedelta(hours=72)
