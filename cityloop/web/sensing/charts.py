"""Our own SVG: coordinates for sparklines and sensor charts, drawn by the templates.

No chart library and nothing from the internet: the server computes the
points, the template writes ``<polyline>``s. Every chart also has its data
as a table next to it, for screen readers and for anyone who wants numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from cityloop.sensing.rules.levels import Level
from cityloop.web.sensing.series import Series


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: str  # "x,y x,y ..." for <polyline points>
    last_x: float
    last_y: float


def sparkline(values: Sequence[float | None], width: int = 120, height: int = 32,
              pad: float = 3.0) -> Sparkline | None:
    """A line through the values (gaps skipped); None with fewer than two values."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    coords = [(pad + i * step, height - pad - (v - low) / span * (height - 2 * pad))
              for i, v in known]
    text = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    return Sparkline(width, height, text, round(coords[-1][0], 1), round(coords[-1][1], 1))


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class ThresholdLine:
    y: float
    level: str
    label: str  # "Orange 3.5"

    @property
    def label_y(self) -> float:
        return round(self.y - 3, 1)


@dataclass
class Chart:
    width: int = 640
    height: int = 240
    left: int = 56
    right: int = 12
    top: int = 12
    bottom: int = 28
    mean: str = ""
    band: str = ""
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    thresholds: list[ThresholdLine] = field(default_factory=list)
    marker_x: float | None = None
    empty: bool = True

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def tick_x(self) -> int:
        return self.left - 4

    @property
    def tick_y(self) -> int:
        return self.height - 8


def chart(series: Series, marker: datetime | None = None) -> Chart:
    """Mean line, min–max band and threshold lines; ``marker``: a moment to mark (an alert)."""
    c = Chart()
    values = [p.minimum for p in series.points] + [p.maximum for p in series.points]
    values += [line.value for line in series.lines]
    if not series.points:
        return c
    low, high = min(values), max(values)
    margin = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    low, high = low - margin, high + margin
    start, end = series.start.timestamp(), series.end.timestamp()

    def x(at: datetime) -> float:
        return c.left + (at.timestamp() - start) / (end - start) * (c.plot_right - c.left)

    def y(value: float) -> float:
        return c.plot_bottom - (value - low) / (high - low) * (c.plot_bottom - c.top)

    c.empty = False
    c.mean = " ".join(f"{x(p.at):.1f},{y(p.mean):.1f}" for p in series.points)
    upper = [f"{x(p.at):.1f},{y(p.maximum):.1f}" for p in series.points]
    lower = [f"{x(p.at):.1f},{y(p.minimum):.1f}" for p in reversed(series.points)]
    c.band = " ".join(upper + lower)
    c.thresholds = [
        ThresholdLine(round(y(line.value), 1), line.level,
                      f"{Level(line.level).label} {_number(line.value)}")
        for line in series.lines
    ]
    if marker is not None and series.start <= marker <= series.end:
        c.marker_x = round(x(marker), 1)
    c.y_ticks = [Tick(round(y(v), 1), _number(v)) for v in _nice(low, high)]
    c.x_ticks = [Tick(round(x(at), 1), timezone.localtime(at).strftime("%H:%M"))
                 for at in _times(series.start, series.end)]
    return c


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _nice(low: float, high: float, count: int = 4) -> list[float]:
    step = (high - low) / count
    return [low + step * i for i in range(1, count)]


def _times(start: datetime, end: datetime, count: int = 4) -> list[datetime]:
    step = (end - start) / count
    return [start + step * i for i in range(1, count)]


def table_rows(series: Series, most: int = 24) -> list[tuple[datetime, float, float, float]]:
    """At most ``most`` evenly spread points, for the table beside the chart."""
    points = series.points
    stride = max(1, -(-len(points) // most))
    return [(p.at, p.mean, p.minimum, p.maximum) for p in points[::stride]]
