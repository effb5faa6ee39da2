"""k-anonymity by generalisation: which precision each published row gets.

The quasi-identifiers are what someone may know of a report they saw made
(where, when, about what, and how it was made): the district, the day it was
reported, the category, the department's bureau and the channel. A row is
published at the finest level at which its combination of those columns is
shared by at least k published rows:

1. ``day``: district, reported day, category;
2. ``week``: the ISO week instead of the day;
3. ``group``: the week and the category's group instead of the category;
4. ``month``: the month and the group;
5. otherwise the row is left out.

Each level counts only the rows not published at a finer one, so the
published file itself has every combination at least k times (a row at
level ``week`` says "2026-W11", which no ``day`` row does; a ``group`` row has
no service code). Counting is one
``GROUP BY`` in the database, at the finest level; the coarser counts are
sums of its groups, in memory (a group per district, category, bureau,
channel and day that had a case: at most as many as cases, and far fewer
in a large city).
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate

from cityloop.analytics.opendata_export.lookups import Lookups
from cityloop.cases.models import Case

DAY, WEEK, GROUP, MONTH = "day", "week", "group", "month"
LEVELS = (DAY, WEEK, GROUP, MONTH)
Keys = tuple["Key", ...]


class Key(NamedTuple):
    """The published quasi-identifier columns of a row (``""`` where generalised away)."""

    area_code: str
    created_date: str
    service_code: str
    service_group: str
    department: str
    channel: str


QUASI_IDENTIFIERS = Key._fields


def week_of(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def precision(level: str) -> str:
    """What the dates of a row at ``level`` are: days, ISO weeks or months."""
    return {DAY: DAY, WEEK: WEEK, GROUP: WEEK, MONTH: MONTH}[level]


def keys(day: date, area_code: str, service_code: str, group: str, department: str,
         channel: str) -> Keys:
    """The row's combination at each of ``LEVELS``, finest first."""
    week, month = week_of(day), month_of(day)
    return (Key(area_code, day.isoformat(), service_code, group, department, channel),
            Key(area_code, week, service_code, group, department, channel),
            Key(area_code, week, "", group, department, channel),
            Key(area_code, month, "", group, department, channel))


def coarser(day_key: Key) -> Keys:
    """The combinations at every level of a row whose day combination is ``day_key``."""
    return keys(date.fromisoformat(day_key.created_date), *day_key[:1], *day_key[2:])


class Precision:
    """Counts of each level's combinations; ``level`` says where a row is published.

    A level counts the rows its finer level could not publish (fewer than k
    shared their combination there), so a count is of rows published alike.
    """

    def __init__(self, groups: Iterable[tuple[Key, int]], k: int):
        self.k = k
        # A row's day combination decides its coarser ones (the day its week
        # and month), so only day combinations are kept: a street's or a
        # unit's groups from the database fold into their district's and bureau's.
        days: Counter[Key] = Counter()
        for key, count in groups:
            days[key] += count
        self.counts: list[Counter[Key]] = [days]
        # Level by level, the day groups no finer level could publish. By
        # group, not by key: a week's rows may fall in two months.
        pending = [key for key, count in days.items() if count < k]
        for level in range(1, len(LEVELS)):
            counts: Counter[Key] = Counter()
            for key in pending:
                counts[coarser(key)[level]] += days[key]
            self.counts.append(counts)
            pending = [key for key in pending if counts[coarser(key)[level]] < k]

    def level(self, row_keys: Keys) -> tuple[str, Key] | None:
        """The level and combination a row is published at, or None: left out."""
        for level, key, counts in zip(LEVELS, row_keys, self.counts, strict=True):
            if counts[key] >= self.k:
                return level, key
        return None


def city_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def count(cases: QuerySet[Case], lookups: Lookups, k: int) -> Precision:
    """The first pass: how many cases share each finest combination."""
    rows = (cases.order_by()
            .values("area_id", "category_id", "department_id", "channel",
                    day=TruncDate("created_at", tzinfo=city_zone()))
            .annotate(n=Count("id")))
    return Precision(_grouped(rows.iterator(chunk_size=5000), lookups), k)


def _grouped(rows: Iterable[Mapping[str, Any]], lookups: Lookups
             ) -> Iterable[tuple[Key, int]]:
    for row in rows:
        category = lookups.categories[row["category_id"]]
        district = lookups.district(row["area_id"])
        yield keys(row["day"], district.code if district else "", category.code,
                   category.group, lookups.bureaus.get(row["department_id"], ""),
                   row["channel"])[0], row["n"]
