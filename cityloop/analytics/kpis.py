"""The operations centre's headline figures, as of a moment.

Each figure is one small query over an index (see ``cases.models.Case.Meta``):

- today's intake: ``created_at`` from the city's midnight (index ``case_created``);
- open and overdue now, and their split per service group: one grouped
  query over the open statuses (index ``case_status_due``);
- resolved in the last 24 h: ``status`` resolved/closed with ``resolved_at``
  in the window (index ``case_status_resolved``). A case resolved and then
  reopened is no longer resolved and does not count;
- median time to resolve: created → resolved, over cases resolved in the
  last 30 days (same index; median as ``sql.py`` explains);
- satisfaction: the ratings given in the last 30 days (``satisfaction.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from cityloop.analytics.periods import Period, start_of_day
from cityloop.analytics.satisfaction import Satisfaction, rating_events, satisfaction
from cityloop.analytics.sql import HoursBetween, median
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.catalogue import snapshot

RESOLVED_STATUSES = (Status.RESOLVED, Status.CLOSED)
RECENT_DAYS = 30


@dataclass(frozen=True)
class GroupCount:
    """Open and overdue cases of one service group."""

    code: str
    name: str
    open: int
    overdue: int


@dataclass(frozen=True)
class LiveCounts:
    """The figures that move with every case: cheap, recomputed on every change."""

    intake_today: int
    open_now: int
    overdue_now: int
    resolved_24h: int
    groups: list[GroupCount] = field(default_factory=list)


@dataclass(frozen=True)
class RecentQuality:
    """The 30-day figures: a median and the ratings, which barely move within a minute."""

    median_hours_to_resolve: float | None
    satisfaction: Satisfaction


@dataclass(frozen=True)
class CockpitKpis:
    at: datetime
    intake_today: int
    open_now: int
    overdue_now: int
    resolved_24h: int
    median_hours_to_resolve: float | None
    satisfaction: Satisfaction
    groups: list[GroupCount] = field(default_factory=list)

    @classmethod
    def of(cls, at: datetime, live: LiveCounts, quality: RecentQuality) -> CockpitKpis:
        return cls(at=at, intake_today=live.intake_today, open_now=live.open_now,
                   overdue_now=live.overdue_now, resolved_24h=live.resolved_24h,
                   median_hours_to_resolve=quality.median_hours_to_resolve,
                   satisfaction=quality.satisfaction, groups=live.groups)

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "intake_today": self.intake_today,
            "open_now": self.open_now,
            "overdue_now": self.overdue_now,
            "resolved_24h": self.resolved_24h,
            "median_hours_to_resolve": self.median_hours_to_resolve,
            "satisfaction": self.satisfaction.as_json(),
            "groups": [vars(g) for g in self.groups],
        }


def _all(cases: QuerySet[Case] | None) -> QuerySet[Case]:
    return Case.objects.all() if cases is None else cases


def intake_since(start: datetime, now: datetime, cases: QuerySet[Case] | None = None) -> int:
    return _all(cases).filter(created_at__gte=start, created_at__lte=now).count()


def resolved_in(period: Period, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases (of ``cases``, else all) whose (current) resolution falls in ``period``."""
    return _all(cases).filter(
        status__in=RESOLVED_STATUSES, resolved_at__gte=period.start, resolved_at__lt=period.end
    )


def median_hours_to_resolve(period: Period,
                            cases: QuerySet[Case] | None = None) -> float | None:
    """Median hours from report to resolution, over cases resolved in ``period``."""
    return median(resolved_in(period, cases), HoursBetween("created_at", "resolved_at"))


def open_by_group(now: datetime, cases: QuerySet[Case] | None = None) -> list[GroupCount]:
    """Open and overdue cases per service group, in the catalogue's order of groups."""
    # Grouped by ``category_id + 0`` rather than the bare column: given the
    # bare column, SQLite walks the whole category index to avoid a sort
    # (every case, a million rows) instead of the few open ones by status.
    rows = (
        _all(cases).filter(status__in=OPEN_STATUSES)
        .order_by()
        .annotate(_category=F("category_id") + 0)
        .values("_category")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    )
    by_category = {row["_category"]: (row["open"], row["overdue"]) for row in rows}
    groups: dict[int, list[Any]] = {}
    for category in snapshot.current().categories.values():
        group = category.group
        entry = groups.setdefault(group.pk, [group, 0, 0])
        counts = by_category.get(category.pk, (0, 0))
        entry[1] += counts[0]
        entry[2] += counts[1]
    ordered = sorted(groups.values(), key=lambda e: (e[0].order, e[0].code))
    return [GroupCount(g.code, g.display_name, n_open, n_late) for g, n_open, n_late in ordered]


def live_counts(now: datetime, cases: QuerySet[Case] | None = None) -> LiveCounts:
    """The live figures over ``cases`` (a person's scope), else the whole city."""
    groups = open_by_group(now, cases)
    return LiveCounts(
        intake_today=intake_since(start_of_day(now), now, cases),
        open_now=sum(g.open for g in groups),
        overdue_now=sum(g.overdue for g in groups),
        resolved_24h=resolved_in(Period(now - timedelta(hours=24), now), cases).count(),
        groups=groups,
    )


def recent_quality(now: datetime, cases: QuerySet[Case] | None = None) -> RecentQuality:
    recent = Period.last_days(RECENT_DAYS, now)
    ratings = rating_events(recent)
    if cases is not None:
        ratings = ratings.filter(case__in=cases.values("pk"))
    return RecentQuality(median_hours_to_resolve(recent, cases), satisfaction(ratings))


def cockpit_kpis(now: datetime | None = None) -> CockpitKpis:
    """Every tile of the cockpit, as of ``now``."""
    now = now or timezone.now()
    return CockpitKpis.of(now, live_counts(now), recent_quality(now))
