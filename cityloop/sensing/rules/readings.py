"""What rules and indicators read: per-minute rollups and the latest value.

Never raw observations: the rollups (count, sum, min, max per datastream
and minute) and ``LatestObservation`` are maintained on ingest, so a rule
reads a few dozen small rows whatever the volume of data, and any number
of ingest workers leave the same rollups behind as one.

Time windows end at the *anchor*: the later of "now" and the datastream's
newest phenomenon time. Data that runs ahead of the clock (a simulator at
speed, a gateway with a fast clock) is judged on its own time; a stream
that has gone quiet is judged on the clock, so its windows empty and its
sums fall back.
"""

from __future__ import annotations

import contextlib
import contextvars
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Min, Sum

from cityloop.sensing.models import LatestObservation, Rollup


@dataclass(frozen=True)
class Latest:
    at: datetime
    value: float | None


@dataclass(frozen=True)
class Minute:
    at: datetime
    count: int
    mean: float
    minimum: float
    maximum: float


# The latest values of a batch of datastreams, read once for all its rules
# (``preloaded``); ``fresh`` reads again, under a lock.
_preloaded: contextvars.ContextVar[dict[int, Latest] | None] = contextvars.ContextVar(
    "latest_preloaded", default=None
)


@contextlib.contextmanager
def preloaded(datastream_ids: Iterable[int]) -> Iterator[None]:
    rows = LatestObservation.objects.filter(
        datastream_id__any_of=list(datastream_ids)  # one array parameter (sensing.lookups)
    ).values_list("datastream_id", "phenomenon_time", "result_number")
    token = _preloaded.set({ds: Latest(at, value) for ds, at, value in rows})
    try:
        yield
    finally:
        _preloaded.reset(token)


@contextlib.contextmanager
def fresh() -> Iterator[None]:
    token = _preloaded.set(None)
    try:
        yield
    finally:
        _preloaded.reset(token)


def latest(datastream_id: int) -> Latest | None:
    known = _preloaded.get()
    if known is not None:
        return known.get(datastream_id)
    row = (
        LatestObservation.objects.filter(datastream_id=datastream_id)
        .values_list("phenomenon_time", "result_number")
        .first()
    )
    return Latest(row[0], row[1]) if row else None


def anchor(datastream_id: int, now: datetime) -> datetime:
    newest = latest(datastream_id)
    return max(now, newest.at) if newest else now


def _window(datastream_id: int, end: datetime, minutes: int) -> dict[str, object]:
    # Rollup.minute is the start of its minute: the N buckets up to and
    # including the one holding ``end``.
    return {
        "datastream_id": datastream_id,
        "minute__gt": end - timedelta(minutes=minutes),
        "minute__lte": end,
    }


def aggregate(datastream_id: int, end: datetime, minutes: int, how: str) -> float | None:
    """sum / mean / max / min / count of the values in the ``minutes`` before ``end``."""
    rows = Rollup.objects.filter(**_window(datastream_id, end, minutes)).aggregate(
        n=Sum("count"), total=Sum("total"), low=Min("minimum"), high=Max("maximum")
    )
    n = rows["n"] or 0
    if how == "count":
        return float(n)
    if how == "sum":
        return float(rows["total"] or 0.0)  # no rain recorded is no rain
    if n == 0:
        return None
    if how == "mean":
        return float(rows["total"]) / n
    return float(rows["high"] if how == "max" else rows["low"])


def minutes(datastream_id: int, end: datetime, span: int) -> list[Minute]:
    """The minute buckets of the ``span`` minutes before ``end``, oldest first."""
    rows = (
        Rollup.objects.filter(**_window(datastream_id, end, span))
        .order_by("minute")
        .values_list("minute", "count", "total", "minimum", "maximum")
    )
    return [Minute(at, n, total / n, low, high) for at, n, total, low, high in rows if n]


def between(datastream_id: int, start: datetime, end: datetime) -> list[Minute]:
    """The minute buckets from ``start`` to ``end`` inclusive (charts)."""
    rows = (
        Rollup.objects.filter(datastream_id=datastream_id, minute__gte=start, minute__lte=end)
        .order_by("minute")
        .values_list("minute", "count", "total", "minimum", "maximum")
    )
    return [Minute(at, n, total / n, low, high) for at, n, total, low, high in rows if n]


def rate(buckets: list[Minute], per_minutes: int) -> float | None:
    """Change of the mean from the first bucket to the last, per ``per_minutes``."""
    if len(buckets) < 2:
        return None
    first, last = buckets[0], buckets[-1]
    elapsed = (last.at - first.at).total_seconds() / 60.0
    if elapsed <= 0:
        return None
    return (last.mean - first.mean) / elapsed * per_minutes


def robust_deviation(buckets: list[Minute], min_points: int) -> float | None:
    """How far the last bucket's mean is from the median of the others, in MADs.

    The median absolute deviation ignores the outliers it is meant to find
    (a mean and standard deviation would be dragged along by them). A flat
    baseline (MAD 0) makes any change infinitely unusual; it is reported as
    a large finite number so it still compares and serialises.
    """
    if len(buckets) < min_points + 1:
        return None
    baseline = [b.mean for b in buckets[:-1]]
    centre = statistics.median(baseline)
    mad = statistics.median(abs(x - centre) for x in baseline)
    deviation = buckets[-1].mean - centre
    if mad == 0:
        return 0.0 if deviation == 0 else (1e6 if deviation > 0 else -1e6)
    return deviation / mad
