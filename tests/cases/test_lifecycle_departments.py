"""Forwarding a case to another department, and another department joining it."""

from __future__ import annotations

import pytest

from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Status
from cityloop.notify.models import Kind, Message, NotificationChannel
from tests.cases.helpers import act


@pytest.fixture
def channels(city):
    """An email channel for the east roads office and one for the water bureau."""
    return {
        code: NotificationChannel.objects.create(
            name=f"{code} desk", kind="email", target=f"{code}@city.example",
            department=city.departments[code],
        )
        for code in ("roads_east", "water")
    }


def test_it_forwards_a_case_to_the_department_that_handles_it(
        city, make_case, roads_officer, roads_supervisor):
    case = make_case()
    act(case, "assign", roads_supervisor, assignee=roads_officer)
    event = act(case, "forward", roads_officer, department=city.departments["water"],
                public_text="This is a burst water main")
    assert case.department == city.departments["water"]
    assert (case.status, case.assignee) == (Status.NEW, None)
    assert event.data == {"from_department": "roads_east", "to_department": "water"}


def test_it_tells_the_receiving_department_about_a_forwarded_case(
        city, make_case, roads_officer, channels):
    case = make_case()
    Message.objects.all().delete()
    act(case, "forward", roads_officer, department=city.departments["water"])
    sent = Message.objects.filter(case=case)
    assert [(m.kind, m.target) for m in sent] == [(Kind.NEW_CASE, "water@city.example")]


def test_it_keeps_a_reopened_case_reopened_when_forwarding(city, case_in, roads_officer):
    case = case_in(Status.REOPENED)
    act(case, "forward", roads_officer, department=city.departments["water"])
    assert case.status == Status.REOPENED


def test_it_refuses_to_forward_to_the_same_department(city, make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "forward", roads_officer, department=city.departments["roads_east"])
    assert "already with Roads East Office" in refusal.value.message


def test_it_refuses_to_forward_without_an_active_department(city, make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as missing:
        act(case, "forward", roads_officer, department="water")
    assert missing.value.code == "department_required"
    water = city.departments["water"]
    water.active = False
    water.save()
    with pytest.raises(TransitionRefused) as inactive:
        act(case, "forward", roads_officer, department=water)
    assert inactive.value.code == "inactive"
    case.refresh_from_db()
    assert case.department.code == "roads_east"


def test_it_lets_another_department_join_a_case(city, make_case, roads_officer, channels):
    case = make_case()
    Message.objects.all().delete()
    event = act(case, "join", roads_officer, department=city.departments["water"])
    assert list(case.co_departments.all()) == [city.departments["water"]]
    assert case.department.code == "roads_east"
    assert event.data == {"department": "water"}
    new_case = Message.objects.filter(case=case, kind=Kind.NEW_CASE)
    assert [m.target for m in new_case] == ["water@city.example"]


def test_it_refuses_a_department_joining_twice_or_its_own_case(city, make_case, roads_officer):
    case = make_case()
    act(case, "join", roads_officer, department=city.departments["water"])
    for department in ("water", "roads_east"):
        with pytest.raises(TransitionRefused) as refusal:
            act(case, "join", roads_officer, department=city.departments[department])
        assert "already handles this case" in refusal.value.message
    assert case.co_departments.count() == 1


def test_it_drops_a_co_department_that_takes_the_case_over(city, make_case, roads_officer):
    case = make_case()
    act(case, "join", roads_officer, department=city.departments["water"])
    act(case, "forward", roads_officer, department=city.departments["water"])
    assert case.department.code == "water"
    assert not case.co_departments.exists()
