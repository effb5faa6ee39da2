"""Resolving, closing and rejecting a case."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Status
from tests.cases.helpers import act

WHEN = datetime(2026, 3, 11, 16, 0, tzinfo=UTC)


def test_it_resolves_a_case_with_a_public_update(make_case, roads_officer):
    case = make_case()
    event = lifecycle.transition(case, "resolve", Actor.staff(roads_officer),
                                 public_text="  Filled and rolled  ", media_ids=["3", 4], now=WHEN)
    assert (case.status, case.resolved_at, case.closed_at) == (Status.RESOLVED, WHEN, None)
    assert event.public_text == "Filled and rolled"
    assert event.data == {"media": [3, 4]}
    assert event.is_public


def test_it_closes_a_resolved_case(case_in, roads_officer):
    case = case_in(Status.RESOLVED)
    event = lifecycle.transition(case, "close", Actor.staff(roads_officer), now=WHEN,
                                 reason="confirmed by phone")
    assert (case.status, case.closed_at) == (Status.CLOSED, WHEN)
    assert event.data == {"reason": "confirmed by phone"}


def test_it_rejects_a_case_for_a_stated_reason(make_case, roads_officer):
    for reason in ("invalid", "not_our_responsibility"):
        case = make_case()
        event = lifecycle.transition(case, "reject", Actor.staff(roads_officer), reason=reason,
                                     public_text="This road belongs to the province", now=WHEN)
        assert (case.status, case.reject_reason, case.closed_at) == (
            Status.REJECTED, reason, WHEN)
        assert event.data == {"reason": reason}
        assert not case.is_open


def test_it_needs_a_reason_to_reject(make_case, roads_officer):
    case = make_case()
    for reason in (None, "", "too_busy"):
        with pytest.raises(TransitionRefused) as refusal:
            act(case, "reject", roads_officer, reason=reason)
        assert refusal.value.code == "reason_required"
        assert "invalid, or not the city's responsibility" in refusal.value.message
    case.refresh_from_db()
    assert (case.status, case.reject_reason) == (Status.NEW, "")
