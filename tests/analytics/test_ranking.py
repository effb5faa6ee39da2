"""The department ranking: figures per bureau and per unit, worked out in scenario.py."""

from __future__ import annotations

import pytest

from cityloop.analytics.departments import UNIT
from cityloop.analytics.periods import Period
from cityloop.analytics.ranking import composite_score, department_ranking
from tests.analytics.scenario import NOW, at

MARCH = Period(at(3, 1), NOW)


def test_it_rolls_units_up_into_their_bureau(month):
    roads = {r.code: r for r in department_ranking(MARCH)}["roads"]
    assert (roads.received, roads.handled, roads.resolved) == (5, 4, 2)
    assert roads.resolution_rate == pytest.approx(0.5)
    assert roads.on_time_rate == pytest.approx(1.0)
    assert (roads.resolved_once, roads.reopened) == (2, 1)
    assert roads.reopen_rate == pytest.approx(0.5)
    assert (roads.ratings, roads.mean_rating) == (2, pytest.approx(3.0))
    assert roads.median_hours == pytest.approx(78.0)
    assert roads.score == pytest.approx(65.0)


def test_it_ranks_bureaus_by_composite_score(month):
    ranking = department_ranking(MARCH)
    assert [(r.rank, r.code, r.score) for r in ranking] == [
        (1, "environment", pytest.approx(77.5)), (2, "roads", pytest.approx(65.0))]
    environment = ranking[0]
    assert environment.reopen_rate == 0.0
    assert environment.median_hours == pytest.approx(6.0)


def test_it_ranks_units_on_their_own_and_lists_unscored_ones_last(month):
    ranking = department_ranking(MARCH, UNIT)
    assert [(r.rank, r.code) for r in ranking] == [
        (1, "roads_west_n"), (2, "environment"), (3, "roads_east"), (None, "roads_west")]
    east = ranking[2]
    assert (east.received, east.resolved, east.reopened) == (3, 1, 1)
    assert east.score == pytest.approx(41.7)
    west = ranking[3]
    assert west.received == 1 and west.resolution_rate is None and west.score is None


def test_it_ranks_departments_with_too_few_cases_after_the_others(month):
    ranking = department_ranking(MARCH, min_cases=3)
    assert [(r.rank, r.code) for r in ranking] == [(1, "roads"), (None, "environment")]


def test_it_counts_only_cases_received_in_the_period(month):
    january = department_ranking(Period(at(1, 1), at(2, 1)))
    assert [(r.code, r.received, r.resolved) for r in january] == [("roads", 1, 1)]
    assert january[0].on_time_rate == 1.0  # 48 h within 72 h


def test_it_shares_a_rank_between_equal_scores(month):
    # Since midnight: R4 (roads_east) and N2 (environment), both open: both score 0.
    ranking = department_ranking(Period(at(3, 15), NOW), UNIT)
    assert [(r.rank, r.code, r.score) for r in ranking] == [
        (1, "environment", 0.0), (1, "roads_east", 0.0)]


@pytest.mark.parametrize(("parts", "score"), [
    ((1.0, 1.0, 5.0, 0.0), 100.0),
    ((0.0, 0.0, 1.0, 1.0), 0.0),
    ((0.5, 1.0, 3.0, 0.5), 65.0),
    # No ratings and nothing resolved once: only the resolution rate is known.
    ((0.25, None, None, None), 25.0),
    # No ratings: the other weights (.35, .30, .15) are scaled up to sum to 1.
    ((1.0, 0.5, None, 0.0), round(100 * (0.35 + 0.15 + 0.15) / 0.80, 1)),
    ((None, None, None, None), None),
])
def test_it_scores_as_documented(parts, score):
    assert composite_score(*parts) == score


def test_it_does_not_count_a_reopened_rejection_as_a_failed_resolution(month):
    from tests.analytics.scenario import act

    act(month["R5"], "reopen", at(3, 6), reason="rejected by mistake")
    roads = {r.code: r for r in department_ranking(MARCH)}["roads"]
    assert (roads.resolved_once, roads.reopened) == (2, 1)  # R2 only, as before
    assert roads.handled == 5  # R5 is no longer rejected
