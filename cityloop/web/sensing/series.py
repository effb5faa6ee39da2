"""A datastream's per-minute rollups around a moment: the chart on alert cases.

Long spans are merged into wider buckets (at most ``MAX_POINTS``), so a week
of minutes still draws quickly and travels small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cityloop.i18n import all_translations, pick
from cityloop.sensing.models import Datastream
from cityloop.sensing.rules import readings
from cityloop.sensing.rules.levels import ORDER
from cityloop.sensing.rules.models import Alert, Rule
from cityloop.sensing.rules.text import unit

MAX_POINTS = 360
MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 10, 60 * 24 * 7, 180


@dataclass(frozen=True)
class Point:
    at: datetime
    count: int
    mean: float
    minimum: float
    maximum: float


@dataclass(frozen=True)
class Line:
    rule: Rule
    level: str
    value: float


@dataclass
class Series:
    datastream: Datastream
    around: datetime
    start: datetime
    end: datetime
    bucket_minutes: int
    points: list[Point] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return unit(self.datastream)


def load(datastream: Datastream, around: datetime, minutes: int) -> Series:
    """The ``minutes`` of data centred on ``around``."""
    half = timedelta(minutes=minutes / 2)
    start, end = around - half, around + half
    bucket = max(1, math.ceil(minutes / MAX_POINTS))
    series = Series(datastream, around, start, end, bucket)
    series.points = _merge(readings.between(datastream.pk, start, end), bucket)
    rules = Rule.objects.filter(active=True, datastream=datastream).order_by("code")
    for rule in rules:
        if rule.kind == "threshold":  # only thresholds are in the data's own units
            series.lines += [Line(rule, level, getattr(rule, level)) for level in ORDER
                             if getattr(rule, level) is not None]
    series.alerts = list(
        Alert.objects.filter(datastream=datastream, started_at__lte=end)
        .exclude(ended_at__lt=start).select_related("rule").order_by("started_at")
    )
    return series


def _merge(minutes: list[readings.Minute], width: int) -> list[Point]:
    if width == 1:
        return [Point(m.at, m.count, m.mean, m.minimum, m.maximum) for m in minutes]
    out: list[Point] = []
    group: list[readings.Minute] = []
    for m in minutes:
        if group and (m.at - group[0].at) >= timedelta(minutes=width):
            out.append(_point(group))
            group = []
        group.append(m)
    if group:
        out.append(_point(group))
    return out


def _point(group: list[readings.Minute]) -> Point:
    n = sum(m.count for m in group)
    total = sum(m.mean * m.count for m in group)
    return Point(group[0].at, n, total / n, min(m.minimum for m in group),
                 max(m.maximum for m in group))


def as_json(series: Series) -> dict[str, Any]:
    ds = series.datastream
    return {
        "datastream": {
            "id": ds.pk,
            "name": ds.name,
            "thing": ds.thing.name,
            "observed_property": ds.observed_property.name,
            "unit": series.unit,
        },
        "around": series.around.isoformat(),
        "from": series.start.isoformat(),
        "to": series.end.isoformat(),
        "bucket_minutes": series.bucket_minutes,
        "points": [
            {"t": p.at.isoformat(), "count": p.count, "mean": p.mean, "min": p.minimum,
             "max": p.maximum}
            for p in series.points
        ],
        "thresholds": [
            {"rule": line.rule.code, "level": line.level, "value": line.value,
             "direction": line.rule.direction}
            for line in series.lines
        ],
        "alerts": [
            {"rule": a.rule.code, "rule_name": pick(a.rule.name, a.rule.name_i18n),
             "rule_names": all_translations(a.rule.name, a.rule.name_i18n),
             "level": a.level, "highest_level": a.highest_level,
             "started_at": a.started_at.isoformat(),
             "ended_at": a.ended_at.isoformat() if a.ended_at else None, "peak": a.peak}
            for a in series.alerts
        ],
    }
