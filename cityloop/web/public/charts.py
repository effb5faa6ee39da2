"""Our own SVG charts: the geometry of bar and column charts, drawn by templates.

No charting library: a chart is a few rectangles and labels whose positions
are computed here and written into inline SVG by
``web/public/includes/bar_chart.html`` and ``month_chart.html``, each with
``<title>``/``<desc>`` and a data table for screen readers. Coordinates are
formatted here as plain strings, so a locale with decimal commas cannot
break the SVG. The charts use a ``viewBox`` 400 units wide and scale to
their container, with labels above the bars so long names fit on a phone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import date_format

from cityloop.analytics.display import count_text
from cityloop.analytics.public import MonthCount

WIDTH = 400
ROW = 48  # a label line and a bar
BAR_TOP = 22
BAR_HEIGHT = 18
VALUE_ROOM = 80  # space kept right of the longest bar for its value


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    y: str  # top of the row
    width: str
    value_x: str
    bar_y: str
    bar_height: str
    value_y: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def bar_chart(items: Sequence[tuple[str, float, str]]) -> BarChart:
    """Horizontal bars for ``(label, value, value in words)``, longest bar = largest value."""
    top = max((value for _, value, _ in items), default=0) or 1
    room = WIDTH - VALUE_ROOM
    bars = []
    for i, (label, value, display) in enumerate(items):
        length = max(room * value / top, 1.0 if value else 0.0)
        bars.append(Bar(label, display, _n(i * ROW), _n(length), _n(length + 6),
                        str(BAR_TOP), str(BAR_HEIGHT), str(BAR_TOP + BAR_HEIGHT - 3)))
    return BarChart(WIDTH, max(len(items), 1) * ROW, bars)


@dataclass(frozen=True)
class Column:
    label: str  # the month, short
    full_label: str  # month and year
    received: str
    resolved: str
    x: str
    width: str
    received_y: str
    received_height: str
    resolved_y: str
    resolved_height: str
    text_x: str
    value_y: str


@dataclass(frozen=True)
class ColumnChart:
    width: int
    height: int
    baseline: str
    columns: list[Column]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def month_chart(months: Sequence[MonthCount], height: int = 220) -> ColumnChart:
    """Columns of cases received per month, the resolved part drawn solid at the bottom."""
    label_room, value_room = 22, 16
    plot = height - label_room - value_room
    baseline = height - label_room
    slot = WIDTH / max(len(months), 1)
    width = slot * 0.7
    top = max((m.received for m in months), default=0) or 1
    columns = []
    for i, month in enumerate(months):
        received_h = plot * month.received / top
        resolved_h = plot * month.resolved / top
        x = i * slot + (slot - width) / 2
        columns.append(Column(
            label=date_format(month.start, "M"),
            full_label=date_format(month.start, "YEAR_MONTH_FORMAT"),
            received=count_text(month.received), resolved=count_text(month.resolved),
            x=_n(x), width=_n(width),
            received_y=_n(baseline - received_h), received_height=_n(received_h),
            resolved_y=_n(baseline - resolved_h), resolved_height=_n(resolved_h),
            text_x=_n(x + width / 2), value_y=_n(baseline - received_h - 4),
        ))
    return ColumnChart(WIDTH, height, _n(baseline), columns)
