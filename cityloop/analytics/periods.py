"""Days, months and windows in the city's own time zone.

"Today" and "this month" are the city's, not UTC's: at 07:00 in Chongqing
(UTC+8) the city's day started seven hours ago, although UTC's started
23 hours ago. Boundaries are built with ``datetime.combine`` in the zone, so
a day with a daylight-saving change is still one calendar day long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """A half-open window of time: ``start <= t < end``."""

    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int, now: datetime) -> Period:
        return cls(now - timedelta(days=days), now)

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400


def city_zone() -> tzinfo:
    return timezone.get_default_timezone()


def start_of_day(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """Midnight at the start of ``moment``'s day in the city (aware)."""
    zone = zone or city_zone()
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time(), tzinfo=zone)


def month_start(day: date, zone: tzinfo | None = None) -> datetime:
    return datetime.combine(day.replace(day=1), time(), tzinfo=zone or city_zone())


def last_months(count: int, now: datetime, zone: tzinfo | None = None) -> list[Period]:
    """The ``count`` calendar months up to and including the current one, oldest first.

    The current month ends at ``now`` (it is not over yet).
    """
    zone = zone or city_zone()
    local = now.astimezone(zone).date()
    year, month = local.year, local.month
    starts: list[datetime] = []
    for _ in range(count):
        starts.append(month_start(date(year, month, 1), zone))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    ends = [*starts[1:], now]
    return [Period(s, e) for s, e in zip(starts, ends, strict=True)]
