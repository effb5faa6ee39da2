"""The reporter rates the resolution: 1-2 reopens the case, 3-5 closes it."""

from __future__ import annotations

import pytest

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import CaseEvent, Status
from tests.cases.helpers import act, actions_of


def rate(case, rating, **params):
    return lifecycle.transition(case, "rate", Actor.citizen(), rating=rating, **params)


def test_it_takes_only_a_whole_number_from_1_to_5(case_in):
    case = case_in(Status.RESOLVED)
    for rating in (0, 6, -1, "five", "4.5", None, "", 4.7, True):
        with pytest.raises(TransitionRefused) as refusal:
            rate(case, rating)
        assert refusal.value.code == "rating", rating
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.RESOLVED, None)
    assert actions_of(case)[-1] == "resolve"


def test_it_closes_a_case_rated_3_to_5(case_in):
    for rating in (3, 4, 5):
        case = case_in(Status.RESOLVED)
        rate(case, str(rating), comment="Thanks, quick work")
        assert (case.status, case.rating, case.rating_comment) == (
            Status.CLOSED, rating, "Thanks, quick work")
        assert case.closed_at is not None
        assert actions_of(case)[-2:] == ["rate", "close"]
        assert CaseEvent.objects.get(case=case, action="close").data == {"reason": "rated"}


def test_it_reopens_a_case_rated_1_or_2_and_says_why(case_in):
    for rating in (1, 2):
        case = case_in(Status.RESOLVED)
        rate(case, rating, comment="Still a hole")
        assert case.status == Status.REOPENED
        assert (case.rating, case.rating_comment) == (rating, "Still a hole")
        assert actions_of(case)[-2:] == ["rate", "reopen"]
        reopen = CaseEvent.objects.get(case=case, action="reopen")
        assert reopen.data["reason"] == "bad_rating"
        assert f"rated the resolution {rating} out of 5" in reopen.public_text
        assert reopen.is_public


def test_it_takes_one_rating_per_resolution(case_in):
    case = case_in(Status.RESOLVED)
    rate(case, 4)
    with pytest.raises(TransitionRefused):
        rate(case, 5)
    case.refresh_from_db()
    assert case.rating == 4


def test_it_lets_the_reporter_rate_the_work_done_after_a_bad_rating(case_in, roads_officer):
    case = case_in(Status.RESOLVED)
    rate(case, 1, comment="Still a hole")
    act(case, "resolve", roads_officer, public_text="Resurfaced the whole lane")
    assert case.rating is None  # the new resolution awaits its own rating
    rate(case, 5, comment="Now it is fixed")
    assert (case.status, case.rating, case.rating_comment) == (
        Status.CLOSED, 5, "Now it is fixed")
    ratings = [e.data["rating"] for e in CaseEvent.objects.filter(case=case, action="rate")]
    assert ratings == [1, 5]  # the bad rating stays in the history


def test_it_refuses_a_rating_before_the_case_is_resolved(make_case):
    case = make_case()
    with pytest.raises(TransitionRefused) as refusal:
        rate(case, 5)
    assert "A case that is new cannot be given the action “rate”" in refusal.value.message
