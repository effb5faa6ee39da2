"""Periods and partition names: months, ISO weeks and days, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

from cityloop.sensing.partitions import periods


def test_a_month_starts_on_the_first_in_utc_and_december_runs_into_january():
    moment = datetime(2027, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=8)))  # 31 Dec, 19:00 UTC
    start = periods.floor(moment, "month")
    assert start == datetime(2026, 12, 1, tzinfo=UTC)
    assert periods.following(start, "month") == datetime(2027, 1, 1, tzinfo=UTC)
    assert periods.name(start, "month") == "sensing_observation_p2026_12"


def test_weeks_start_on_monday_and_are_named_by_iso_week():
    start = periods.floor(datetime(2026, 12, 10, 15, tzinfo=UTC), "week")
    assert start == datetime(2026, 12, 7, tzinfo=UTC)
    assert periods.name(start, "week") == "sensing_observation_p2026w50"
    last = datetime(2026, 12, 28, tzinfo=UTC)
    assert periods.name(last, "week") == "sensing_observation_p2026w53"


def test_spans_cover_the_current_period_and_those_ahead_without_gaps():
    spans = periods.spans(datetime(2026, 12, 7, 21, tzinfo=UTC), "month", 2)
    assert [periods.name(s, "month") for s, _ in spans] == [
        "sensing_observation_p2026_12", "sensing_observation_p2027_01",
        "sensing_observation_p2027_02"]
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    days = periods.spans(datetime(2026, 2, 28, 23, tzinfo=UTC), "day", 1)
    assert [periods.name(s, "day") for s, _ in days] == [
        "sensing_observation_p2026_02_28", "sensing_observation_p2026_03_01"]
