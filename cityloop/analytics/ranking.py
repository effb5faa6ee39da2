"""The department efficiency ranking, in the manner of Chongqing's published one.

Departments are compared on the cohort of cases they **received** in a
period (``created_at`` in the period, on the department holding the case
now), every figure aggregated by the database, grouped by department:

- received: cases reported in the period;
- resolution rate: cases resolved now (``resolved_at`` set: resolved or
  closed) among those received, leaving out rejected cases and duplicates
  (a duplicate is handled on its original; a rejection is not a failure to
  resolve, and Open311 reports it separately);
- on-time rate: among resolved cases, those resolved by their due time
  (``resolved_at <= due_at``; a reopened case is judged on its new clock);
- mean rating: the reporters' ratings of these cases (``rate`` events,
  including the bad ones a later resolution cleared from the case row);
- reopen rate: cases reopened from resolved or closed among cases with a
  ``resolve`` event, i.e. resolutions that did not hold;
- median hours to resolve (shown, not scored: it depends on the kinds of
  problem a department handles, which the on-time rate already accounts for).

Composite score, 0–100 (``composite_score``)::

    100 × (0.35 × resolution rate + 0.30 × on-time rate
           + 0.20 × (mean rating − 1) / 4 + 0.15 × (1 − reopen rate))

A component that cannot be computed (nothing resolved yet, no ratings) is
left out and the remaining weights are scaled up to sum to 1, so a
department is not punished for what nobody could measure. Departments with
fewer than ``min_cases`` received are listed after the ranked ones, unranked.

Three queries in all: the cohort's cases grouped by department (counts), its
``resolve``/``reopen``/``rate`` events grouped likewise (read through the
``(action, at)`` index of ``analytics/migrations``), and the median hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy

from cityloop.analytics.departments import BUREAU, department_key
from cityloop.analytics.periods import Period
from cityloop.analytics.satisfaction import rating_value
from cityloop.analytics.sql import HoursBetween, medians_by
from cityloop.cases.models import Case, CaseEvent, Status
from cityloop.catalogue import snapshot

WEIGHTS = {"resolution": 0.35, "on_time": 0.30, "satisfaction": 0.20, "no_reopen": 0.15}
WEIGHT_LABELS = {
    "resolution": gettext_lazy("resolution rate"),
    "on_time": gettext_lazy("on-time rate"),
    "satisfaction": gettext_lazy("satisfaction (mean rating)"),
    "no_reopen": gettext_lazy("resolutions that held (not reopened)"),
}
NOT_HANDLED = (Status.REJECTED, Status.DUPLICATE)
RESOLVED = (Status.RESOLVED, Status.CLOSED)


@dataclass(frozen=True)
class DepartmentRank:
    department_id: int
    code: str
    name: str
    received: int
    handled: int  # received, less rejected and duplicates
    resolved: int
    on_time: int
    resolved_once: int  # cases with a resolve event
    reopened: int  # of those, cases reopened from resolved or closed
    ratings: int
    mean_rating: float | None
    median_hours: float | None
    score: float | None
    rank: int | None = None

    @property
    def resolution_rate(self) -> float | None:
        return _share(self.resolved, self.handled)

    @property
    def on_time_rate(self) -> float | None:
        return _share(self.on_time, self.resolved)

    @property
    def reopen_rate(self) -> float | None:
        return _share(self.reopened, self.resolved_once)

    def as_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank, "department": self.code, "name": self.name,
            "received": self.received, "resolution_rate": self.resolution_rate,
            "on_time_rate": self.on_time_rate, "mean_rating": self.mean_rating,
            "ratings": self.ratings, "reopen_rate": self.reopen_rate,
            "median_hours": self.median_hours, "score": self.score,
        }


def score_weights() -> list[dict[str, Any]]:
    """The score's components in words with their weight in per cent, for pages."""
    return [{"label": WEIGHT_LABELS[name], "percent": round(weight * 100)}
            for name, weight in WEIGHTS.items()]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def composite_score(resolution_rate: float | None, on_time_rate: float | None,
                    mean_rating: float | None, reopen_rate: float | None) -> float | None:
    """The documented 0–100 score; components that are None are left out."""
    parts = {
        "resolution": resolution_rate,
        "on_time": on_time_rate,
        "satisfaction": None if mean_rating is None else (mean_rating - 1) / 4,
        "no_reopen": None if reopen_rate is None else 1 - reopen_rate,
    }
    known = {name: value for name, value in parts.items() if value is not None}
    if not known:
        return None
    weight = sum(WEIGHTS[name] for name in known)
    return round(100 * sum(WEIGHTS[n] * v for n, v in known.items()) / weight, 1)


def _case_counts(period: Period, level: str) -> dict[int, dict[str, int]]:
    """Received, handled, resolved and on time, per department: one pass over the cohort."""
    rows = (
        Case.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .order_by()
        .annotate(_dept=department_key("department_id", level))
        .values("_dept")
        .annotate(
            received=Count("pk"),
            handled=Count("pk", filter=~Q(status__in=NOT_HANDLED)),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
            on_time=Count("pk", filter=Q(resolved_at__isnull=False,
                                         resolved_at__lte=F("due_at"))),
        )
    )
    keys = ("received", "handled", "resolved", "on_time")
    plain: list[dict[str, Any]] = [dict(row) for row in rows]
    return {row["_dept"]: {k: int(row[k]) for k in keys} for row in plain}


@dataclass(frozen=True)
class _EventFigures:
    resolved_once: int = 0
    reopened: int = 0
    ratings: int = 0
    mean_rating: float | None = None


def _event_figures(period: Period, level: str) -> dict[int, _EventFigures]:
    """Resolutions, failed resolutions and ratings of the cohort: one pass over its events.

    A resolution that did not hold is a ``reopen`` event from resolved or
    closed (reopening a rejection or a duplicate is not a failed resolution).
    Events of the cohort cannot predate the period, so ``at >= start`` lets
    the database read the (action, at) index instead of every event.
    """
    # A plain ``action IN (…)`` (no OR) so that the (action, at) index applies.
    rows = (
        CaseEvent.objects.filter(
            action__in=("resolve", "reopen", "rate"),
            at__gte=period.start,
            case__created_at__gte=period.start, case__created_at__lt=period.end,
        )
        .order_by()
        .annotate(_dept=department_key("case__department_id", level), _rating=rating_value())
        .values("_dept")
        .annotate(
            resolved_once=Count("case_id", distinct=True, filter=Q(action="resolve")),
            reopened=Count("case_id", distinct=True,
                           filter=Q(action="reopen", from_status__in=RESOLVED)),
            ratings=Count("pk", filter=Q(action="rate")),
            mean=Avg("_rating", filter=Q(action="rate")),
        )
    )
    return {
        row["_dept"]: _EventFigures(
            int(row["resolved_once"]), int(row["reopened"]), int(row["ratings"]),
            float(row["mean"]) if row["mean"] is not None else None,
        )
        for row in rows
    }


def _median_hours(period: Period, level: str) -> dict[int, float]:
    resolved = Case.objects.filter(
        created_at__gte=period.start, created_at__lt=period.end, resolved_at__isnull=False
    )
    return medians_by(resolved, department_key("department_id", level),
                      HoursBetween("created_at", "resolved_at"))


def department_ranking(period: Period, level: str = BUREAU, *, min_cases: int = 1
                       ) -> list[DepartmentRank]:
    """Departments (bureaus, or units with ``level="unit"``) ranked by composite score."""
    departments = snapshot.current().departments
    counts = _case_counts(period, level)
    events = _event_figures(period, level)
    medians = _median_hours(period, level)
    rows = []
    for pk, c in counts.items():
        dept = departments.get(pk)
        e = events.get(pk, _EventFigures())
        row = DepartmentRank(
            department_id=pk, code=dept.code if dept else str(pk),
            name=dept.display_name if dept else str(pk), resolved_once=e.resolved_once,
            reopened=e.reopened, ratings=e.ratings, mean_rating=e.mean_rating,
            median_hours=medians.get(pk), score=None, **c,
        )
        score = composite_score(row.resolution_rate, row.on_time_rate, row.mean_rating,
                                row.reopen_rate)
        rows.append(_with(row, score=score))
    return _rank(rows, min_cases)


def _with(row: DepartmentRank, **changes: Any) -> DepartmentRank:
    return DepartmentRank(**{**vars(row), **changes})


def _rank(rows: list[DepartmentRank], min_cases: int) -> list[DepartmentRank]:
    """Competition ranking (1, 2, 2, 4) by score; small or unscored departments last."""
    ranked = [r for r in rows if r.score is not None and r.received >= min_cases]
    ranked_ids = {r.department_id for r in ranked}
    rest = [r for r in rows if r.department_id not in ranked_ids]
    ranked.sort(key=lambda r: (-(r.score or 0), -r.received, r.name))
    rest.sort(key=lambda r: (-r.received, r.name))
    out: list[DepartmentRank] = []
    for i, row in enumerate(ranked):
        same = out and out[-1].score == row.score
        out.append(_with(row, rank=out[-1].rank if same else i + 1))
    return out + rest
