"""Public statistics, worked out in scenario.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cityloop.analytics.public import public_statistics
from tests.analytics.scenario import NOW


def test_it_counts_the_last_twelve_months(month):
    stats = public_statistics(NOW)
    assert stats.period.start == datetime(2025, 4, 1, tzinfo=UTC)
    assert (stats.received, stats.handled, stats.resolved) == (8, 7, 4)
    assert stats.share_resolved == pytest.approx(4 / 7)


def test_it_takes_the_median_and_ratings_of_the_last_30_days(month):
    stats = public_statistics(NOW)
    assert stats.recent.start == datetime(2026, 2, 13, 12, tzinfo=UTC)
    assert stats.median_hours_to_resolve == pytest.approx(24.0)  # O1 (January) is older
    assert stats.satisfaction.ratings == 3


def test_it_counts_every_category_including_sensitive_ones(month):
    counts = {c.code: c.count for c in public_statistics(NOW).by_category}
    assert counts == {"pothole": 6, "noise": 2}


def test_it_counts_districts_for_public_categories_only(month):
    # The last 30 days: O1 (east, January) is older; N1 and N2 (noise) are sensitive.
    districts = [(d.code, d.count) for d in public_statistics(NOW).by_district]
    assert districts == [("east", 3), ("west", 2)]


def test_it_counts_each_month_received_and_resolved(month):
    months = public_statistics(NOW).by_month
    assert len(months) == 12
    assert months[0].start == datetime(2025, 4, 1, tzinfo=UTC)
    by_start = {(m.start.year, m.start.month): (m.received, m.resolved) for m in months}
    assert by_start[(2026, 1)] == (1, 1)
    assert by_start[(2026, 3)] == (7, 3)
    assert sum(m.received for m in months) == 8


def test_it_uses_the_city_s_months(make_case, settings):
    from tests.analytics.scenario import at

    settings.TIME_ZONE = "Asia/Shanghai"
    # 28 February 20:00 UTC is 1 March 04:00 in Shanghai.
    make_case(now=at(2, 28, 20))
    months = public_statistics(NOW).by_month
    assert [(m.start.month, m.received) for m in months[-2:]] == [(2, 0), (3, 1)]
    offset = months[-1].start.utcoffset()
    assert offset is not None and offset.total_seconds() == 8 * 3600


def test_it_ranks_bureaus_for_the_public(month):
    ranking = public_statistics(NOW).ranking
    assert [r.code for r in ranking] == ["environment", "roads"]


def test_it_answers_for_a_city_without_cases(city):
    stats = public_statistics(NOW)
    assert stats.received == 0 and stats.share_resolved is None
    assert stats.median_hours_to_resolve is None
    assert stats.by_category == [] and stats.by_district == [] and stats.ranking == []
