"""Helpers shared by the domain, notify and worker tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseContact, CaseEvent, CaseMedia, Status
from cityloop.notify.models import Delivery, Message


def act(case: Case, action: str, user: User | None = None, **params: Any) -> CaseEvent:
    """``transition`` on behalf of ``user`` (a staff member), else of CityLoop itself."""
    actor = Actor.staff(user) if user is not None else Actor.system()
    return lifecycle.transition(case, action, actor, **params)


def rows() -> dict[str, int]:
    """How many rows each table a report or an action may write holds."""
    return {
        model.__name__: model.objects.count()
        for model in (Case, CaseEvent, CaseContact, CaseMedia, Message, Delivery)
    }


def actions_of(case: Case) -> list[str]:
    events = CaseEvent.objects.filter(case=case).order_by("seq")
    return list(events.values_list("action", flat=True))


def put_in(case: Case, status: str, user: User, make_case: Callable[..., Case]) -> Case:
    """Drive ``case`` to ``status`` through legal actions only."""
    if status == Status.ASSIGNED:
        act(case, "assign", user, assignee=user)
    elif status == Status.IN_PROGRESS:
        act(case, "start", user)
    elif status == Status.REJECTED:
        act(case, "reject", user, reason="invalid")
    elif status == Status.DUPLICATE:
        act(case, "mark_duplicate", user, original=make_case())
    elif status in (Status.RESOLVED, Status.CLOSED, Status.REOPENED):
        act(case, "resolve", user, public_text="Repaired")
        if status == Status.CLOSED:
            act(case, "close", user)
        elif status == Status.REOPENED:
            act(case, "reopen", user, reason="not fixed")
    assert case.status == status
    return case


@pytest.fixture
def case_in(make_case: Callable[..., Case], roads_officer: User) -> Callable[..., Case]:
    """A fresh case already in the given status, reached through legal actions."""

    def make(status: str, **overrides: Any) -> Case:
        return put_in(make_case(**overrides), status, roads_officer, make_case)

    return make
