"""Statistics the city publishes: the figures it is proud or ashamed of.

No personal data ever enters these: only counts, rates, medians and
ratings. Anything tied to a place (cases by district) counts **public
categories only**: a sensitive category (``ServiceCategory.is_public``
false: noise, "other" problems…) often points at someone's home, and even a
count per district would help find it. Counts by category and month carry
no place, so sensitive categories are included and the totals are honest.

Two windows, chosen so that a city of a million cases a year is answered
from indexes:

- **the last twelve months** (calendar months of the city, the current one
  up to now): cases received and resolved per month, the share resolved,
  cases per category. Each is a ``COUNT`` over an index range that holds
  the columns it needs (``created_at``; ``status, created_at``;
  ``category, created_at``), so no case row is read;
- **the last 30 days**, as on the cockpit: median time to resolve,
  satisfaction, cases per district and the department ranking, which need
  the case rows (resolution times, areas) or the rating events.

"Resolved" means status resolved or closed (a case can only be closed after
its resolution), which the ``status, created_at`` index answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from cityloop.analytics.departments import BUREAU
from cityloop.analytics.kpis import RECENT_DAYS, RESOLVED_STATUSES, median_hours_to_resolve
from cityloop.analytics.periods import Period, last_months
from cityloop.analytics.ranking import NOT_HANDLED, DepartmentRank, department_ranking
from cityloop.analytics.satisfaction import Satisfaction, satisfaction_in
from cityloop.cases.models import Case
from cityloop.cases.policy import public as public_policy
from cityloop.catalogue import snapshot
from cityloop.geo.models import Area, AreaLevel

MONTHS = 12


@dataclass(frozen=True)
class Tally:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    start: datetime  # the month's first moment, in the city's time zone
    received: int
    resolved: int  # of the cases received that month, resolved by now


@dataclass(frozen=True)
class PublicStatistics:
    period: Period  # the last twelve months: received, resolved, by category and month
    recent: Period  # the last 30 days: median, satisfaction, by district, ranking
    received: int
    resolved: int
    handled: int  # received, less rejected cases and duplicates
    median_hours_to_resolve: float | None
    satisfaction: Satisfaction
    by_category: list[Tally] = field(default_factory=list)
    by_month: list[MonthCount] = field(default_factory=list)
    by_district: list[Tally] = field(default_factory=list)
    ranking: list[DepartmentRank] = field(default_factory=list)

    @property
    def share_resolved(self) -> float | None:
        return self.resolved / self.handled if self.handled else None


def by_month(months: list[Period]) -> list[MonthCount]:
    """Cases received per month, and how many of them are resolved now.

    Two index-only counts per month rather than one grouped pass: grouping
    by month would read every case row of the year.
    """
    out = []
    for month in months:
        received = Case.objects.filter(created_at__gte=month.start, created_at__lt=month.end)
        resolved = received.filter(status__in=RESOLVED_STATUSES)
        out.append(MonthCount(month.start, received.count(), resolved.count()))
    return out


def by_category(period: Period) -> list[Tally]:
    """Cases per category (every category: a count says nothing about a place)."""
    rows = (
        Case.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .order_by().values("category_id").annotate(n=Count("pk"))
    )
    names = {c.pk: c for c in snapshot.current().categories.values()}
    out = [Tally(names[r["category_id"]].service_code, names[r["category_id"]].display_name,
                  r["n"]) for r in rows if r["category_id"] in names]
    return sorted(out, key=lambda c: (-c.count, c.name))


def by_district(period: Period) -> list[Tally]:
    """Cases of public categories per district (streets rolled up into their district)."""
    rows = (
        Case.objects.filter(created_at__gte=period.start, created_at__lt=period.end,
                            category_id__in=public_policy.public_category_ids(), area__isnull=False)
        .order_by().values("area_id").annotate(n=Count("pk"))
    )
    areas = {a.pk: a for a in Area.objects.only("id", "code", "name", "name_i18n", "level",
                                                 "parent_id")}
    totals: dict[int, int] = {}
    for row in rows:
        district = _district_of(row["area_id"], areas)
        if district is not None:
            totals[district] = totals.get(district, 0) + row["n"]
    out = [Tally(areas[pk].code, areas[pk].display_name, n) for pk, n in totals.items()]
    return sorted(out, key=lambda c: (-c.count, c.name))


def _district_of(area_id: int, areas: dict[int, Area]) -> int | None:
    node, seen = areas.get(area_id), set()
    while node is not None and node.pk not in seen:
        if node.level == AreaLevel.DISTRICT:
            return node.pk
        seen.add(node.pk)
        node = areas.get(node.parent_id) if node.parent_id else None
    return None


def not_handled(period: Period) -> int:
    """Rejected cases and duplicates received in ``period`` (left out of the share resolved)."""
    return Case.objects.filter(created_at__gte=period.start, created_at__lt=period.end,
                               status__in=NOT_HANDLED).count()


def public_statistics(now: datetime | None = None, months: int = MONTHS,
                      recent_days: int = RECENT_DAYS) -> PublicStatistics:
    """Everything the public statistics page shows."""
    now = now or timezone.now()
    month_periods = last_months(months, now)
    year = Period(month_periods[0].start, now)
    recent = Period.last_days(recent_days, now)
    trend = by_month(month_periods)
    received = sum(m.received for m in trend)
    return PublicStatistics(
        period=year,
        recent=recent,
        received=received,
        resolved=sum(m.resolved for m in trend),
        handled=received - not_handled(year),
        by_category=by_category(year),
        by_month=trend,
        median_hours_to_resolve=median_hours_to_resolve(recent),
        satisfaction=satisfaction_in(recent),
        by_district=by_district(recent),
        ranking=department_ranking(recent, BUREAU),
    )
