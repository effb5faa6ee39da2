"""Where vital signs come from, registered on ``registry.indicator_sources``.

A source checks an indicator's parameters (``validate``), computes a value
as of a moment (``compute``) and says what is behind it (``behind``: the
datastreams or the case categories), for the drill-down.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.db.models import Avg, F, Q, QuerySet
from django.utils.translation import gettext as _

from cityloop.analytics.sql import HoursBetween, median
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.catalogue.models import ServiceCategory
from cityloop.registry import indicator_sources
from cityloop.sensing.models import Datastream
from cityloop.sensing.rules import readings

AGGREGATES = ("mean", "max", "min", "sum", "count")
ACROSS: dict[str, Callable[[list[float]], float]] = {
    "mean": statistics.fmean, "max": max, "min": min, "sum": math.fsum,
}
RESOLVED = (Status.RESOLVED, Status.CLOSED)
MAX_MINUTES = 60 * 24 * 366


@dataclass(frozen=True)
class Computed:
    value: float | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Behind:
    datastreams: list[Datastream] = field(default_factory=list)
    categories: list[ServiceCategory] = field(default_factory=list)


class IndicatorSource:
    key: ClassVar[str] = ""
    computed: ClassVar[bool] = True  # False: values are entered by people
    allowed: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def validate(cls, params: Any) -> list[str]:
        if not isinstance(params, Mapping):
            return [_("parameters must be a mapping")]
        unknown = sorted(set(params) - set(cls.allowed))
        if unknown:
            return [_("unknown parameter %(name)s (this source takes: %(known)s)")
                    % {"name": ", ".join(unknown), "known": ", ".join(cls.allowed) or _("none")}]
        return cls.check(params)

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        return []

    def compute(self, params: Mapping[str, Any], now: datetime) -> Computed:
        return Computed(None)

    def behind(self, params: Mapping[str, Any]) -> Behind:
        return Behind()


def _positive(params: Mapping[str, Any], name: str, high: int) -> list[str]:
    value = params.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= high:
        return [_("%(name)s must be a whole number from 1 to %(high)d")
                % {"name": name, "high": high}]
    return []


@indicator_sources.register(
    "datastream", "An aggregate of one datastream, or of every datastream of an observed "
    "property, over the last N minutes."
)
class DatastreamAggregate(IndicatorSource):
    key = "datastream"
    allowed = ("datastream", "observed_property", "aggregate", "minutes", "across")

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        problems = _positive(params, "minutes", MAX_MINUTES)
        if params.get("aggregate") not in AGGREGATES:
            problems.append(_("aggregate must be one of %(choices)s")
                            % {"choices": ", ".join(AGGREGATES)})
        if params.get("across", "mean") not in ACROSS:
            problems.append(_("across must be one of %(choices)s")
                            % {"choices": ", ".join(ACROSS)})
        stream, prop = params.get("datastream"), params.get("observed_property")
        if (stream is None) == (prop is None):
            problems.append(_("give either a datastream (its id) or an observed property "
                              "(its name)"))
        elif stream is not None and not Datastream.objects.filter(
                pk=stream if isinstance(stream, int) else -1).exists():
            problems.append(_("no datastream %(id)s") % {"id": stream})
        elif prop is not None and not cls._streams(params).exists():
            problems.append(_("no datastream observes %(name)s") % {"name": prop})
        return problems

    @staticmethod
    def _streams(params: Mapping[str, Any]) -> QuerySet[Datastream]:
        if params.get("datastream") is not None:
            return Datastream.objects.filter(pk=params["datastream"])
        return Datastream.objects.filter(observed_property__name=params.get("observed_property"))

    def compute(self, params: Mapping[str, Any], now: datetime) -> Computed:
        ids = list(self._streams(params).order_by("id").values_list("id", flat=True))
        values = [
            value for value in (
                readings.aggregate(ds, now, params["minutes"], params["aggregate"]) for ds in ids
            ) if value is not None
        ]
        combine = ACROSS[params.get("across", "mean")]
        value = float(combine(values)) if values else None
        return Computed(value, {"datastreams": ids, "with_data": len(values)})

    def behind(self, params: Mapping[str, Any]) -> Behind:
        streams = self._streams(params).select_related("thing").order_by("id")
        return Behind(datastreams=list(streams))


STATISTICS = ("median_hours_to_resolve", "share_resolved_on_time", "cases_opened",
              "open_cases", "mean_rating")


@indicator_sources.register(
    "cases", "A statistic of cases over the last N days: median hours to resolve, share "
    "resolved on time, cases opened, open cases, mean rating."
)
class CaseStatistic(IndicatorSource):
    key = "cases"
    allowed = ("statistic", "categories", "days")

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        problems = []
        if params.get("statistic") not in STATISTICS:
            problems.append(_("statistic must be one of %(choices)s")
                            % {"choices": ", ".join(STATISTICS)})
        if params.get("statistic") != "open_cases":
            problems += _positive(params, "days", 3660)
        codes = params.get("categories", [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            problems.append(_("categories must be a list of service codes"))
        else:
            known = set(ServiceCategory.objects.filter(service_code__in=codes)
                        .values_list("service_code", flat=True))
            problems += [_("no category %(code)s") % {"code": c} for c in codes if c not in known]
        return problems

    def compute(self, params: Mapping[str, Any], now: datetime) -> Computed:
        cases = Case.objects.all()
        if params.get("categories"):
            cases = cases.filter(category__service_code__in=params["categories"])
        statistic = params["statistic"]
        if statistic == "open_cases":
            return Computed(float(cases.filter(status__in=OPEN_STATUSES).count()))
        since = now - timedelta(days=params["days"])
        if statistic == "cases_opened":
            return Computed(float(cases.filter(created_at__gt=since, created_at__lte=now)
                                  .count()))
        if statistic == "mean_rating":
            rated = cases.filter(rated_at__gt=since, rated_at__lte=now, rating__isnull=False)
            mean = rated.aggregate(m=Avg("rating"))["m"]
            return Computed(None if mean is None else float(mean), {"cases": rated.count()})
        resolved = cases.filter(status__in=RESOLVED, resolved_at__gt=since, resolved_at__lte=now)
        n = resolved.count()
        if statistic == "median_hours_to_resolve":
            hours = median(resolved, HoursBetween("created_at", "resolved_at")) if n else None
            # SQLite's julianday arithmetic is exact to a few microseconds only.
            return Computed(None if hours is None else round(hours, 3), {"cases": n})
        on_time = resolved.filter(Q(resolved_at__lte=F("due_at"))).count()
        return Computed(100.0 * on_time / n if n else None, {"cases": n, "on_time": on_time})

    def behind(self, params: Mapping[str, Any]) -> Behind:
        codes = params.get("categories") or []
        categories = ServiceCategory.objects.filter(active=True)
        if codes:
            categories = categories.filter(service_code__in=codes)
        return Behind(categories=list(categories.order_by("order", "service_code")))


@indicator_sources.register("manual", "Values entered by people (admin or YAML).")
class Manual(IndicatorSource):
    key = "manual"
    computed = False
