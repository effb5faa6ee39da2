"""The periods observations are partitioned by, and the partitions' names (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

PERIODS = ("month", "week", "day")
PREFIX = "sensing_observation_p"


def floor(moment: datetime, period: str) -> datetime:
    """The start (UTC) of the period ``moment`` falls in."""
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "month":
        return day.replace(day=1)
    if period == "week":  # ISO weeks start on Monday
        return day - timedelta(days=day.weekday())
    return day


def following(start: datetime, period: str) -> datetime:
    """The start of the period after the one starting at ``start``."""
    if period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if period == "week" else 1)


def name(start: datetime, period: str) -> str:
    """``sensing_observation_p2026_12`` (month), ``_p2026w49`` (ISO week), ``_p2026_12_07``."""
    if period == "month":
        return f"{PREFIX}{start:%Y_%m}"
    if period == "week":
        year, week, _day = start.isocalendar()
        return f"{PREFIX}{year}w{week:02d}"
    return f"{PREFIX}{start:%Y_%m_%d}"


def spans(now: datetime, period: str, ahead: int) -> list[tuple[datetime, datetime]]:
    """[start, end) of the period of ``now`` and of the ``ahead`` after it."""
    out = []
    start = floor(now, period)
    for _ in range(ahead + 1):
        end = following(start, period)
        out.append((start, end))
        start = end
    return out
