"""The city's days and months."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cityloop.analytics.periods import last_months, start_of_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")


def test_it_starts_the_day_at_the_city_s_midnight():
    moment = datetime(2026, 3, 15, 7, 0, tzinfo=UTC)  # 15:00 in Shanghai
    assert start_of_day(moment, SHANGHAI) == datetime(2026, 3, 15, tzinfo=SHANGHAI)
    late = datetime(2026, 3, 15, 17, 0, tzinfo=UTC)  # already the 16th in Shanghai
    assert start_of_day(late, SHANGHAI) == datetime(2026, 3, 16, tzinfo=SHANGHAI)


def test_it_keeps_a_day_with_a_clock_change_whole():
    # London moves to summer time at 01:00 UTC on 29 March 2026.
    start = start_of_day(datetime(2026, 3, 29, 12, 0, tzinfo=UTC), LONDON)
    assert start == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)


def test_it_lists_months_oldest_first_ending_now():
    now = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
    months = last_months(3, now, SHANGHAI)
    assert [(m.start.year, m.start.month) for m in months] == [(2025, 12), (2026, 1), (2026, 2)]
    assert months[0].end == months[1].start
    assert months[-1].end == now
    assert months[0].start == datetime(2025, 12, 1, tzinfo=SHANGHAI)
