"""The second pass: each case as a published row, streamed from the database.

Only these columns are read: never a description, an answer, an address, a
contact, an assignee, a note or the point (people write names and telephone
numbers in texts; a point is a doorstep). Rows of a category that is not
public (``ServiceCategory.is_public``) are not read at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cityloop.analytics.opendata_export import rules
from cityloop.analytics.opendata_export.lookups import District, Lookups
from cityloop.cases.models import Case

CHUNK = 2000
READ = ("reference", "category_id", "area_id", "department_id", "channel", "status",
        "created_at", "resolved_at", "closed_at")
COLUMNS = ("reference", "service_code", "service_name", "service_group", "department",
           "area_code", "area_name", "status", "created_date", "closed_date",
           "date_precision", "resolution_hours", "channel")
HOURS_DECIMALS = 1
Row = dict[str, Any]


@dataclass
class Tally:
    published: int = 0
    suppressed: int = 0
    combinations: Counter[rules.Key] = field(default_factory=Counter)

    def smallest(self) -> int | None:
        """The fewest published rows sharing a combination (None: nothing published)."""
        return min(self.combinations.values()) if self.combinations else None


@dataclass(frozen=True)
class Published:
    row: Row
    district: District | None


def public_cases(lookups: Lookups) -> QuerySet[Case]:
    return Case.objects.filter(category_id__in=list(lookups.categories))


def stream(lookups: Lookups, precision: rules.Precision, tally: Tally) -> Iterator[Published]:
    """Published rows in the order cases were reported; ``tally`` counts what was left out."""
    zone = rules.city_zone()
    cases = public_cases(lookups).order_by("created_at", "id").values_list(*READ)
    for values in cases.iterator(chunk_size=CHUNK):
        record = dict(zip(READ, values, strict=True))
        category = lookups.categories[record["category_id"]]
        district = lookups.district(record["area_id"])
        created = timezone.localtime(record["created_at"], zone)
        keys = rules.keys(created.date(), district.code if district else "", category.code,
                          category.group, lookups.bureaus.get(record["department_id"], ""),
                          record["channel"])
        decided = precision.level(keys)
        if decided is None:
            tally.suppressed += 1
            continue
        level, key = decided
        tally.published += 1
        tally.combinations[key] += 1
        yield Published(_row(record, level, key, category.name, district, zone), district)


def _row(record: Row, level: str, key: rules.Key, service_name: str,
         district: District | None, zone: Any) -> Row:
    ended: datetime | None = record["closed_at"] or record["resolved_at"]
    return {
        "reference": record["reference"],
        "service_code": key.service_code,
        "service_name": service_name if key.service_code else "",
        "service_group": key.service_group,
        "department": key.department,
        "area_code": key.area_code,
        "area_name": district.name if district else "",
        "status": record["status"],
        "created_date": key.created_date,
        "closed_date": _date(ended, level, zone),
        "date_precision": rules.precision(level),
        "resolution_hours": _hours(record["created_at"], record["resolved_at"], level),
        "channel": key.channel,
    }


def _date(moment: datetime | None, level: str, zone: Any) -> str:
    """The closing day, or its week or month as the report's date is generalised."""
    if moment is None:
        return ""
    day = timezone.localtime(moment, zone).date()
    return {rules.DAY: day.isoformat, rules.WEEK: lambda: rules.week_of(day),
            rules.MONTH: lambda: rules.month_of(day)}[rules.precision(level)]()


def _hours(created: datetime, resolved: datetime | None, level: str) -> float | None:
    """Hours to resolution; whole days when the day is generalised.

    With the closing day and the hours to the tenth, the report's day could
    be worked back from a row published by its week.
    """
    if resolved is None:
        return None
    hours = (resolved - created).total_seconds() / 3600
    if level != rules.DAY:
        return float(round(hours / 24) * 24)
    return round(hours, HOURS_DECIMALS)
