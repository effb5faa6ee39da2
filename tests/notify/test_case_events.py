"""Case events reach notify through cases.events, in the event's own transaction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from cityloop.cases import events, lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import CaseContact, CaseEvent, Status
from cityloop.notify import outbox
from cityloop.notify.models import Kind, Message
from tests.cases.helpers import act, rows

Heard = list[tuple[str, list[CaseContact] | None]]


@pytest.fixture
def heard() -> Iterator[Heard]:
    """What a second listener hears: each event's action and the contacts it came with."""
    seen: Heard = []

    def listen(event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
        seen.append((event.action, contacts))

    events.subscribe("test", listen)
    yield seen
    events.unsubscribe("test")


def test_notify_subscribes_when_the_app_is_ready() -> None:
    assert events._listeners["notify.outbox"] is outbox.on_event_recorded


def test_a_second_ready_queues_nothing_twice(make_case: Any) -> None:
    # ready() may run again (a test re-populating the apps); the same key replaces.
    apps.get_app_config("notify").ready()
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    assert Message.objects.filter(event__case=case, kind=Kind.ACKNOWLEDGEMENT).count() == 1


def test_listeners_hear_every_event_with_contacts_only_on_creation(
        heard: Heard, make_case: Any, roads_officer: User) -> None:
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    act(case, "start", roads_officer)
    act(case, "resolve", roads_officer, public_text="Filled in")
    lifecycle.transition(case, "rate", Actor.citizen(), rating=5)  # and its follow-up, close
    assert [action for action, _ in heard] == ["create", "start", "resolve", "rate", "close"]
    created_with = heard[0][1]
    assert created_with is not None
    assert [c.email for c in created_with] == ["mei@example.org"]
    assert all(contacts is None for _, contacts in heard[1:])


def test_a_listener_that_fails_undoes_the_action(make_case: Any, roads_officer: User) -> None:
    case = make_case()

    def broken(event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
        raise RuntimeError("listener failed")

    events.subscribe("broken", broken)
    before = rows()
    try:
        with pytest.raises(RuntimeError):
            act(case, "start", roads_officer)
    finally:
        events.unsubscribe("broken")
    assert rows() == before
    case.refresh_from_db()
    assert case.status == Status.NEW
