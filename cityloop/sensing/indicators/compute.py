"""Computing vital signs on their schedule, and judging a value against its target band."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from cityloop.registry import (
    IndicatorComputation,
    PeriodicJob,
    indicator_sources,
    periodic_jobs,
)
from cityloop.sensing.indicators.models import Band, Better, Indicator, IndicatorValue

log = logging.getLogger(__name__)


def band_of(indicator: Indicator, value: float | None) -> str:
    """green / amber / red for ``value``, or "" when there is no value or no target."""
    if value is None or (indicator.green is None and indicator.amber is None):
        return ""
    if indicator.better == Better.HIGHER:
        value, green, amber = -value, _neg(indicator.green), _neg(indicator.amber)
    else:
        green, amber = indicator.green, indicator.amber
    if green is not None and value <= green:
        return Band.GREEN
    if amber is not None and value <= amber:
        return Band.AMBER
    return Band.RED


def _neg(x: float | None) -> float | None:
    return None if x is None else -x


def band_problems(better: str, green: float | None, amber: float | None) -> list[str]:
    if better not in Better.values:
        return [_("direction must be higher or lower")]
    if green is None or amber is None:
        return []
    if (better == Better.LOWER and amber < green) or (better == Better.HIGHER and amber > green):
        return [_("the amber limit must be beyond the green one")]
    return []


def source_of(indicator: Indicator) -> IndicatorComputation:
    return indicator_sources.get(indicator.source)()


def record(indicator: Indicator, value: float | None, at: datetime, *,
           detail: dict[str, object] | None = None, note: str = "") -> IndicatorValue:
    """Add a value (computed or entered) to the indicator's history."""
    return IndicatorValue.objects.create(
        indicator=indicator, at=at, value=value, band=band_of(indicator, value),
        detail=detail or {}, note=note[:500],
    )


def compute(indicator: Indicator, now: datetime) -> IndicatorValue | None:
    """Compute and record the indicator's value as of ``now`` (None for manual ones)."""
    source = source_of(indicator)
    Indicator.objects.filter(pk=indicator.pk).update(last_computed_at=now)
    if not source.computed:
        return None
    result = source.compute(indicator.params, now)
    return record(indicator, result.value, now, detail=result.detail)


def due(now: datetime) -> list[Indicator]:
    computed = [e.key for e in indicator_sources if e.value.computed]
    candidates = Indicator.objects.filter(active=True, source__in=computed).filter(
        Q(last_computed_at__isnull=True) | Q(last_computed_at__lte=now - timedelta(minutes=1))
    )
    return [
        i for i in candidates
        if i.last_computed_at is None
        or i.last_computed_at <= now - timedelta(minutes=i.every_minutes)
    ]


def compute_due(now: datetime) -> str:
    """The worker's job: every indicator whose schedule says it is time."""
    done = failed = 0
    for indicator in due(now):
        try:
            compute(indicator, now)
            done += 1
        except Exception:  # one broken indicator must not stop the others
            log.exception("indicator %s failed", indicator.code)
            failed += 1
    return f"{done} indicators computed, {failed} failed"


periodic_jobs.register(
    "vital_signs", "Compute the city's vital-sign indicators that are due."
)(PeriodicJob(lambda: settings.INDICATORS_SWEEP_SECONDS, compute_due))
