"""The SLA sweeps: overdue marks, escalations up the department tree, automatic closing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from cityloop.cases import lifecycle, sla
from cityloop.cases.actors import Actor
from cityloop.cases.models import CaseEvent, Status
from cityloop.notify.models import Kind, Message, NotificationChannel
from tests.cases.helpers import act, actions_of

T = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
SLA = 72 * HOUR  # a pothole


@pytest.fixture
def east_supervisor(city):
    user = User.objects.create_user("gina_east", "gina@city.example", "correct horse battery",
                                    is_staff=True)
    city.departments["roads_east"].supervisors.add(user)
    return user


@pytest.fixture
def desks(city):
    """An email channel each for the roads bureau, its east office and the water bureau."""
    return {
        code: NotificationChannel.objects.create(
            name=code, kind="email", target=f"{code}-desk@city.example",
            department=city.departments[code],
        )
        for code in ("roads", "roads_east", "water")
    }


def told(case, kind) -> set[str]:
    return set(Message.objects.filter(case=case, kind=kind).values_list("target", flat=True))


def test_it_marks_an_open_case_overdue_once(make_case):
    case = make_case(now=T)
    assert sla.mark_overdue(T + SLA - timedelta(minutes=1)) == 0
    assert sla.mark_overdue(T + SLA + HOUR) == 1
    assert sla.mark_overdue(T + SLA + 2 * HOUR) == 0
    case.refresh_from_db()
    assert case.overdue_at == T + SLA + HOUR
    assert case.status == Status.NEW
    marked = CaseEvent.objects.get(case=case, action="mark_overdue")
    assert (marked.actor_kind, marked.actor_label) == ("system", "SLA")
    assert marked.internal_note == "Past its due time."
    assert marked.data == {"due_at": case.due_at.isoformat()}


def test_it_tells_the_departments_supervisors_and_channels_about_an_overdue_case(
        make_case, east_supervisor, roads_supervisor, desks):
    case = make_case(now=T)
    sla.mark_overdue(T + SLA + HOUR)
    assert told(case, Kind.CASE_OVERDUE) == {"gina@city.example", "roads_east-desk@city.example"}
    email = Message.objects.get(case=case, kind=Kind.CASE_OVERDUE, target="gina@city.example")
    assert email.transport == "email" and email.channel is None


def test_it_leaves_finished_cases_alone(case_in):
    finished = [case_in(status, now=T) for status in (Status.RESOLVED, Status.REJECTED)]
    assert sla.mark_overdue(T + 3 * SLA) == 0
    assert sla.escalate(T + 3 * SLA) == 0
    for case in finished:
        assert "mark_overdue" not in actions_of(case)


def test_it_escalates_at_twice_the_sla_to_the_parent_department(
        city, make_case, east_supervisor, roads_supervisor, desks):
    case = make_case(now=T)
    sla.mark_overdue(T + SLA + HOUR)
    assert sla.escalate(T + 2 * SLA - HOUR) == 0
    assert sla.escalate(T + 2 * SLA + HOUR) == 1
    assert sla.escalate(T + 2 * SLA + 2 * HOUR) == 0
    case.refresh_from_db()
    assert case.escalated_to == city.departments["roads"]
    assert case.escalated_at == T + 2 * SLA + HOUR
    assert case.department.code == "roads_east"  # still theirs to fix
    escalated = CaseEvent.objects.get(case=case, action="escalate")
    assert escalated.data["to_department"] == "roads"
    assert told(case, Kind.CASE_ESCALATED) == {"carol_roads@city.example",
                                               "roads-desk@city.example"}


def test_it_escalates_only_cases_already_marked_overdue(make_case):
    case = make_case(now=T)
    assert sla.escalate(T + 3 * SLA) == 0
    assert sla.mark_overdue(T + 3 * SLA) == 1
    assert sla.escalate(T + 3 * SLA) == 1
    assert actions_of(case) == ["create", "mark_overdue", "escalate"]


def test_it_records_an_escalation_at_the_top_of_the_tree(make_case, roads_supervisor, desks):
    case = make_case(now=T, lat=None, lon=None, address="12 Jiefang Road")
    assert case.department.code == "roads"
    sla.mark_overdue(T + 2 * SLA)
    assert sla.escalate(T + 2 * SLA) == 1
    case.refresh_from_db()
    assert case.escalated_at == T + 2 * SLA
    assert case.escalated_to is None
    assert CaseEvent.objects.get(case=case, action="escalate").data["to_department"] == ""
    assert told(case, Kind.CASE_ESCALATED) == {"carol_roads@city.example",
                                               "roads-desk@city.example"}


def test_it_starts_the_clock_again_when_a_case_is_reopened(make_case, roads_officer):
    case = make_case(now=T)
    sla.mark_overdue(T + SLA + HOUR)
    act(case, "resolve", roads_officer, now=T + SLA + 2 * HOUR)
    reopened_at = T + 10 * SLA
    act(case, "reopen", roads_officer, now=reopened_at)
    assert sla.mark_overdue(reopened_at + HOUR) == 0
    assert sla.escalate(reopened_at + HOUR) == 0
    assert sla.mark_overdue(reopened_at + SLA + HOUR) == 1
    assert actions_of(case).count("mark_overdue") == 2


def test_it_closes_resolved_cases_nobody_rated_in_time(make_case, roads_officer, settings):
    settings.FEEDBACK_DAYS = 3
    case = make_case(now=T)
    act(case, "resolve", roads_officer, now=T + HOUR)
    assert sla.auto_close(T + HOUR + timedelta(days=3) - timedelta(minutes=1)) == 0
    assert sla.auto_close(T + HOUR + timedelta(days=3)) == 1
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    closed = CaseEvent.objects.filter(case=case).last()
    assert closed is not None
    assert (closed.action, closed.actor_label, closed.data) == ("close", "SLA",
                                                                {"reason": "no_rating"})
    assert "no rating within 3 days" in closed.public_text


def test_it_leaves_rated_and_recently_resolved_cases(make_case, roads_officer, settings):
    settings.FEEDBACK_DAYS = 7
    rated_well, rated_badly, fresh = make_case(now=T), make_case(now=T), make_case(now=T)
    for case in (rated_well, rated_badly):
        act(case, "resolve", roads_officer, now=T + HOUR)
    act(fresh, "resolve", roads_officer, now=T + timedelta(days=5))
    lifecycle.transition(rated_well, "rate", Actor.citizen(), rating=4, now=T + 2 * HOUR)
    lifecycle.transition(rated_badly, "rate", Actor.citizen(), rating=1, now=T + 2 * HOUR)
    assert sla.auto_close(T + timedelta(days=8)) == 0
    assert actions_of(rated_well)[-1] == "close"
    rated_badly.refresh_from_db()
    fresh.refresh_from_db()
    assert (rated_badly.status, fresh.status) == (Status.REOPENED, Status.RESOLVED)
    assert actions_of(fresh)[-1] == "resolve"


def test_it_closes_a_second_resolution_nobody_rated(make_case, roads_officer, settings):
    settings.FEEDBACK_DAYS = 7
    case = make_case(now=T)
    act(case, "resolve", roads_officer, now=T + HOUR)
    lifecycle.transition(case, "rate", Actor.citizen(), rating=2, now=T + 2 * HOUR)
    act(case, "resolve", roads_officer, now=T + 3 * HOUR)
    assert sla.auto_close(T + timedelta(days=8)) == 1
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_it_escalates_a_late_forwarded_case_in_its_new_departments_tree(
        city, make_case, roads_supervisor, desks):
    case = make_case(now=T)
    sla.mark_overdue(T + SLA + HOUR)
    sla.escalate(T + 2 * SLA + HOUR)
    lifecycle.transition(case, "forward", Actor.system(), department=city.departments["water"],
                         now=T + 2 * SLA + 2 * HOUR)
    case.refresh_from_db()
    assert (case.overdue_at, case.escalated_at, case.escalated_to) == (None, None, None)
    # Still late: the next sweeps tell the water bureau's side at once.
    assert sla.mark_overdue(T + 2 * SLA + 3 * HOUR) == 1
    assert sla.escalate(T + 2 * SLA + 3 * HOUR) == 1
    case.refresh_from_db()
    assert case.department.code == "water"
    actions = actions_of(case)
    assert actions.count("mark_overdue") == 2 and actions.count("escalate") == 2
