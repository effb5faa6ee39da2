"""The geometry of our SVG charts."""

from __future__ import annotations

from datetime import UTC, datetime

from cityloop.analytics.public import MonthCount
from cityloop.web.public.charts import VALUE_ROOM, WIDTH, bar_chart, month_chart


def test_it_makes_the_longest_bar_the_largest_value():
    chart = bar_chart([("A", 10, "10"), ("B", 5, "5"), ("C", 0, "0")])
    assert [b.width for b in chart.bars] == [str(WIDTH - VALUE_ROOM), "160", "0"]
    assert [b.y for b in chart.bars] == ["0", "48", "96"]
    assert chart.view_box == f"0 0 {WIDTH} 144"


def test_it_keeps_a_tiny_value_visible():
    chart = bar_chart([("A", 10_000, "10,000"), ("B", 1, "1")])
    assert chart.bars[1].width == "1"


def test_it_draws_nothing_for_no_data():
    assert bar_chart([]).bars == []


def test_it_stacks_resolved_under_received_per_month():
    months = [MonthCount(datetime(2026, m, 1, tzinfo=UTC), received, resolved)
              for m, received, resolved in ((1, 10, 5), (2, 0, 0))]
    chart = month_chart(months, height=220)
    jan, feb = chart.columns
    # 220 − 22 (labels) − 16 (values) = 182 units for the tallest column.
    assert (jan.received_height, jan.resolved_height) == ("182", "91")
    assert jan.received_y == "16" and jan.resolved_y == "107"
    assert feb.received_height == "0"
    assert jan.full_label == "January 2026" and jan.label == "Jan"
