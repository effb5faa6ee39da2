"""The closed loop in one test: report, route, work, resolve, bad rating reopens."""

from __future__ import annotations

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Status
from cityloop.notify.models import Kind, Message


def test_it_reopens_a_case_rated_badly(make_case, roads_officer):
    case = make_case()
    assert case.department.code == "roads_east"
    assert case.reference.endswith("-000001")
    lifecycle.transition(case, "assign", Actor.staff(roads_officer), assignee=roads_officer)
    lifecycle.transition(case, "resolve", Actor.staff(roads_officer), public_text="Filled in")
    lifecycle.transition(case, "rate", Actor.citizen(), rating=1, comment="Still a hole")
    assert case.status == Status.REOPENED
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["create", "assign", "resolve", "rate", "reopen"]
    reopen = case.events.get(action="reopen")
    assert "1 out of 5" in reopen.public_text
    kinds = set(Message.objects.filter(case=case).values_list("kind", flat=True))
    assert {Kind.ACKNOWLEDGEMENT, Kind.CASE_RESOLVED} <= kinds
