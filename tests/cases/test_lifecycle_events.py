"""Every action leaves exactly one event (plus its follow-ups); a failed one leaves nothing."""

from __future__ import annotations

import pytest

from cityloop.cases import contacts, lifecycle
from cityloop.cases.actions import ACTIONS
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import ActorKind, CaseEvent, CaseMedia, Status
from cityloop.catalogue.models import ServiceCategory
from cityloop.notify import outbox
from tests.cases.helpers import act, rows

# action: (status it starts from, status it leads to, follow-up actions on the same case)
EXPECTED = {
    "assign": (Status.NEW, Status.ASSIGNED, []),
    "start": (Status.NEW, Status.IN_PROGRESS, []),
    "resolve": (Status.IN_PROGRESS, Status.RESOLVED, []),
    "close": (Status.RESOLVED, Status.CLOSED, []),
    "reject": (Status.NEW, Status.REJECTED, []),
    "mark_duplicate": (Status.NEW, Status.DUPLICATE, []),
    "reopen": (Status.CLOSED, Status.REOPENED, []),
    "forward": (Status.ASSIGNED, Status.NEW, []),
    "join": (Status.NEW, Status.NEW, []),
    "comment": (Status.NEW, Status.NEW, []),
    "note": (Status.IN_PROGRESS, Status.IN_PROGRESS, []),
    "add_info": (Status.NEW, Status.NEW, []),
    "mark_overdue": (Status.NEW, Status.NEW, []),
    "escalate": (Status.ASSIGNED, Status.ASSIGNED, []),
    "rate": (Status.RESOLVED, Status.RESOLVED, ["close"]),
    "recategorise": (Status.NEW, Status.NEW, []),
    "relocate": (Status.NEW, Status.NEW, []),
    "set_priority": (Status.NEW, Status.NEW, []),
    "follow": (Status.NEW, Status.NEW, []),
    "absorb_duplicate": (Status.NEW, Status.NEW, []),
    "contact_viewed": (Status.CLOSED, Status.CLOSED, []),
    "add_photos": (Status.IN_PROGRESS, Status.IN_PROGRESS, []),
    "approve_photo": (Status.RESOLVED, Status.RESOLVED, []),
}


def _params(action, city, roads_officer, make_case, case):
    return {
        "assign": {"assignee": roads_officer},
        "reject": {"reason": "not_our_responsibility"},
        "mark_duplicate": {"original": make_case()},
        "forward": {"department": city.departments["water"]},
        "join": {"department": city.departments["water"]},
        "comment": {"public_text": "Crew booked for Tuesday"},
        "note": {"note": "Needs the big roller"},
        "add_info": {"public_text": "It is getting bigger"},
        "rate": {"rating": 5},
        "recategorise": {"category": ServiceCategory.objects.get(service_code="footpath"),
                         "note": "It is on the pavement"},
        "relocate": {"lat": 29.53, "lon": 106.59, "note": "Pin was off"},
        "set_priority": {"priority": "urgent"},
        "follow": {"contact": ContactInfo(email="neighbour@example.org")},
        "absorb_duplicate": {"duplicate": make_case()},
        "add_photos": {"media_ids": [1]},
        "approve_photo": {"media": CaseMedia.objects.create(
            case=case, kind="before", url="https://img.example/1.jpg", created_at=case.created_at)
        } if action == "approve_photo" else {},
    }.get(action, {})


def test_it_has_an_expectation_for_every_action():
    assert set(EXPECTED) == set(ACTIONS)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_it_writes_one_event_per_action_with_statuses_and_actor(
        action, city, case_in, roads_officer, make_case):
    start, end, follow_ups = EXPECTED[action]
    case = case_in(start)
    before = CaseEvent.objects.filter(case=case).count()
    event = act(case, action, roads_officer,
                **_params(action, city, roads_officer, make_case, case))
    new = list(CaseEvent.objects.filter(case=case, seq__gt=before).order_by("seq"))
    assert [e.action for e in new] == [action, *follow_ups]
    assert new[0].pk == event.pk and event.seq == before + 1
    assert (event.from_status, event.to_status) == (start, end)
    assert (event.actor_kind, event.actor_label, event.actor_user_id) == (
        ActorKind.STAFF, "Alice", roads_officer.pk)
    for follow_up in new[1:]:
        assert follow_up.actor_kind == ActorKind.SYSTEM


def test_it_records_a_citizen_and_the_system_as_actors(case_in):
    case = case_in(Status.RESOLVED)
    lifecycle.transition(case, "rate", Actor.citizen(), rating=4)
    *_, rate, close = CaseEvent.objects.filter(case=case).order_by("seq")
    assert (rate.actor_kind, rate.actor_label, rate.actor_user_id) == ("citizen", "Citizen", None)
    assert (close.actor_kind, close.actor_label) == ("system", "CityLoop")
    assert (close.from_status, close.to_status) == (Status.RESOLVED, Status.CLOSED)


def test_it_writes_nothing_when_an_action_is_refused(make_case, roads_officer):
    case = make_case()
    before = rows()
    with pytest.raises(TransitionRefused):
        act(case, "reject", roads_officer)  # no reason given
    assert rows() == before
    assert case.status == Status.NEW
    case.refresh_from_db()
    assert (case.status, case.closed_at) == (Status.NEW, None)


def test_it_undoes_the_whole_action_when_a_follow_up_fails(make_case, roads_officer,
                                                            monkeypatch):
    original, duplicate = make_case(), make_case()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(contacts, "merge_followers", broken)
    before = rows()
    with pytest.raises(RuntimeError):
        act(duplicate, "mark_duplicate", roads_officer, original=original)
    assert rows() == before
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of_id) == (Status.NEW, None)


def test_it_undoes_the_action_when_its_notifications_cannot_be_queued(
        make_case, roads_officer, monkeypatch):
    case = make_case()

    def broken(event):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(outbox, "enqueue_for_event", broken)
    before = rows()
    with pytest.raises(RuntimeError):
        act(case, "resolve", roads_officer, public_text="Filled in")
    assert rows() == before
    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (Status.NEW, None)
