"""Assigning a case to an officer, and an officer starting work on it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Status
from tests.cases.helpers import act

WHEN = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def test_it_assigns_a_case_to_an_active_staff_member(make_case, roads_supervisor, roads_officer):
    case = make_case()
    event = lifecycle.transition(case, "assign", Actor.staff(roads_supervisor),
                                 assignee=roads_officer, now=WHEN)
    assert (case.status, case.assignee, case.assigned_at) == (
        Status.ASSIGNED, roads_officer, WHEN)
    assert event.data == {"assignee": "alice_roads"}
    assert event.actor_label == "Carol"


def test_it_assigns_only_to_active_staff(make_case, roads_supervisor):
    retired = User.objects.create_user("frank", "frank@example.org", is_staff=True,
                                       is_active=False)
    citizen = User.objects.create_user("grace", "grace@example.org")
    case = make_case()
    for person in (retired, citizen):
        with pytest.raises(TransitionRefused) as refusal:
            act(case, "assign", roads_supervisor, assignee=person)
        assert "only be assigned to active staff" in refusal.value.message
    case.refresh_from_db()
    assert (case.status, case.assignee) == (Status.NEW, None)


def test_it_reassigns_a_case_already_in_progress(make_case, roads_officer, roads_supervisor):
    case = make_case()
    act(case, "start", roads_officer)
    act(case, "assign", roads_supervisor, assignee=roads_supervisor)
    assert (case.status, case.assignee) == (Status.ASSIGNED, roads_supervisor)


def test_it_assigns_the_officer_who_starts_an_unassigned_case(make_case, roads_officer):
    case = make_case()
    lifecycle.transition(case, "start", Actor.staff(roads_officer), now=WHEN)
    assert (case.status, case.assignee, case.assigned_at) == (
        Status.IN_PROGRESS, roads_officer, WHEN)


def test_it_keeps_the_assignee_when_someone_else_starts_the_work(
        make_case, roads_officer, roads_supervisor):
    case = make_case()
    act(case, "assign", roads_supervisor, assignee=roads_officer)
    act(case, "start", roads_supervisor)
    assert (case.status, case.assignee) == (Status.IN_PROGRESS, roads_officer)
