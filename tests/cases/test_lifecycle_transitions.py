"""Which actions a case accepts in each status, and where they lead."""

from __future__ import annotations

import pytest

from cityloop.cases.actions import ACTIONS, action_label
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import CaseEvent, Status
from tests.cases.helpers import act

NEW, ASSIGNED, IN_PROGRESS, RESOLVED = (
    Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.RESOLVED)
CLOSED, REJECTED, DUPLICATE, REOPENED = (
    Status.CLOSED, Status.REJECTED, Status.DUPLICATE, Status.REOPENED)
OPEN = (NEW, ASSIGNED, IN_PROGRESS, REOPENED)
FINISHED = (RESOLVED, CLOSED, REJECTED, DUPLICATE)

# action -> {status it may start from: status it leads to}
LEGAL = {
    "assign": dict.fromkeys(OPEN, ASSIGNED),
    "start": dict.fromkeys((NEW, ASSIGNED, REOPENED), IN_PROGRESS),
    "resolve": dict.fromkeys(OPEN, RESOLVED),
    "close": {RESOLVED: CLOSED},
    "reject": dict.fromkeys(OPEN, REJECTED),
    "mark_duplicate": dict.fromkeys(OPEN, DUPLICATE),
    "reopen": dict.fromkeys(FINISHED, REOPENED),
    # The receiving department has not taken the case yet; a reopened case stays reopened.
    "forward": {NEW: NEW, ASSIGNED: NEW, IN_PROGRESS: NEW, REOPENED: REOPENED},
}

# status -> the actions it refuses
NOT_WHILE_OPEN = ("close", "reopen", "rate")
NOT_ONCE_FINISHED = ("assign", "start", "resolve", "reject", "mark_duplicate", "forward",
                     "join", "add_info", "mark_overdue", "escalate", "recategorise",
                     "relocate", "set_priority", "follow")
ILLEGAL = {
    **dict.fromkeys((NEW, ASSIGNED, REOPENED), NOT_WHILE_OPEN),
    IN_PROGRESS: ("start", *NOT_WHILE_OPEN),
    RESOLVED: NOT_ONCE_FINISHED,
    **dict.fromkeys((CLOSED, REJECTED, DUPLICATE),
                    (*NOT_ONCE_FINISHED, "close", "rate", "add_photos")),
}

LABELS = {NEW: "new", ASSIGNED: "assigned", IN_PROGRESS: "in progress", RESOLVED: "resolved",
          CLOSED: "closed", REJECTED: "rejected", DUPLICATE: "duplicate", REOPENED: "reopened"}


@pytest.fixture
def params_for(city, roads_officer, make_case):
    """Valid parameters for every action, so that only the status can refuse it."""

    def params(action: str) -> dict:
        return {
            "assign": {"assignee": roads_officer},
            "reject": {"reason": "invalid"},
            "mark_duplicate": {"original": make_case()},
            "forward": {"department": city.departments["water"]},
            "join": {"department": city.departments["water"]},
            "add_info": {"public_text": "More detail"},
            "rate": {"rating": 4},
            "recategorise": {"category": make_case().category, "note": "checked"},
            "relocate": {"lat": 29.53, "lon": 106.57, "note": "pin was off"},
            "set_priority": {"priority": "high"},
        }.get(action, {})

    return params


@pytest.mark.parametrize("action", sorted(LEGAL))
def test_it_moves_a_case_along_every_legal_transition(action, case_in, roads_officer, params_for):
    for start, end in LEGAL[action].items():
        case = case_in(start)
        event = act(case, action, roads_officer, **params_for(action))
        case.refresh_from_db()
        assert (event.from_status, event.to_status, case.status) == (start, end, end), (
            f"{action} from {start}")


@pytest.mark.parametrize("status", list(ILLEGAL))
def test_it_refuses_actions_not_allowed_in_a_status_and_names_it(
        status, case_in, roads_officer, params_for):
    case = case_in(status)
    events = CaseEvent.objects.filter(case=case).count()
    for action in ILLEGAL[status]:
        with pytest.raises(TransitionRefused) as refusal:
            act(case, action, roads_officer, **params_for(action))
        message = refusal.value.message
        label = action_label(action)
        assert f"A case that is {LABELS[status]} cannot be given the action “{label}”" in message
        case.refresh_from_db()
        assert case.status == status
    assert CaseEvent.objects.filter(case=case).count() == events


def test_it_knows_every_action_allowed_from_a_status_is_tested():
    # Every status/action pair is either in a legal table or refused above,
    # or is an action that leaves the status as it is.
    for status in Status:
        refused = set(ILLEGAL[status])
        allowed = {name for name, spec in ACTIONS.items() if status in spec.allowed_from}
        assert refused.isdisjoint(allowed)
        assert refused | allowed == set(ACTIONS), status


def test_it_refuses_an_unknown_action(make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "demolish", roads_officer)
    assert refusal.value.code == "unknown"
    assert "demolish" in refusal.value.message
