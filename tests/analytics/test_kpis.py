"""The cockpit's tiles, checked against the figures worked out in scenario.py."""

from __future__ import annotations

import pytest

from cityloop.analytics.kpis import cockpit_kpis
from tests.analytics.scenario import NOW, at


def test_it_counts_intake_open_overdue_and_resolved(month):
    kpis = cockpit_kpis(NOW)
    assert kpis.intake_today == 2
    assert kpis.open_now == 3
    assert kpis.overdue_now == 1
    assert kpis.resolved_24h == 1


def test_it_takes_the_median_time_to_resolve_over_the_last_30_days(month):
    # R1 24 h, R2 132 h, N1 6 h; O1 (January) is too old.
    assert cockpit_kpis(NOW).median_hours_to_resolve == pytest.approx(24.0)


def test_it_counts_every_rating_including_one_that_reopened_its_case(month):
    # R2's 1 was cleared from the case row by its next resolution.
    assert month["R2"].rating is None
    sat = cockpit_kpis(NOW).satisfaction
    assert sat.ratings == 3
    assert sat.mean == pytest.approx(10 / 3)
    assert sat.good_share == pytest.approx(2 / 3)
    assert sat.distribution == (1, 0, 0, 1, 1)


def test_it_splits_open_and_overdue_cases_per_service_group(month):
    groups = {g.code: (g.open, g.overdue) for g in cockpit_kpis(NOW).groups}
    assert groups["roads"] == (2, 1)
    assert groups["environment"] == (1, 0)
    assert groups["water"] == (0, 0)


def test_it_starts_today_at_midnight_in_the_city(month, settings):
    # In Shanghai (UTC+8) the 15th began at 03-14 16:00 UTC: N1 (20:00 UTC) is today's too.
    settings.TIME_ZONE = "Asia/Shanghai"
    assert cockpit_kpis(NOW).intake_today == 3


def test_it_sees_a_case_as_no_longer_overdue_once_resolved(month):
    from tests.analytics.scenario import act

    act(month["R3"], "resolve", at(3, 15, 11))
    kpis = cockpit_kpis(NOW)
    assert (kpis.open_now, kpis.overdue_now, kpis.resolved_24h) == (2, 0, 2)


def test_it_answers_for_a_city_without_cases(city):
    kpis = cockpit_kpis(NOW)
    assert (kpis.intake_today, kpis.open_now, kpis.overdue_now, kpis.resolved_24h) == (0, 0, 0, 0)
    assert kpis.median_hours_to_resolve is None
    assert kpis.satisfaction.mean is None and kpis.satisfaction.good_share is None
    assert kpis.as_json()["satisfaction"]["ratings"] == 0
