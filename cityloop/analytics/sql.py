"""SQL pieces the figures need, written once for PostgreSQL and SQLite.

Medians
-------
PostgreSQL computes them itself with the ordered-set aggregate
``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``, grouped or not, so only
the medians cross the wire.

SQLite has no median or percentile aggregate. There:

- an overall median is read with two small queries: ``COUNT(*)``, then the
  middle row(s) of the same window ``ORDER BY hours LIMIT 2 OFFSET (n-1)/2``;
  SQLite sorts in C and returns one or two numbers;
- a median per group (department, bureau) fetches only two columns, the
  group key and the hours, of the bounded window (a period of cases, never
  the whole table), streamed in chunks into compact ``array('d')`` buckets,
  and takes each bucket's median in Python.

Durations are hours between two timestamp columns: ``EXTRACT(EPOCH FROM …)``
on PostgreSQL, ``julianday()`` arithmetic on SQLite (Django keeps SQLite
timestamps as UTC text, which ``julianday`` reads), both in the database and
without the per-row Python function Django's own DurationField arithmetic
uses on SQLite.
"""

from __future__ import annotations

import statistics
from array import array
from collections.abc import Hashable
from typing import Any

from django.db import connections
from django.db.models import Aggregate, F, FloatField, Func, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.sql.compiler import SQLCompiler


class HoursBetween(Func):
    """Hours from ``start`` to ``end`` (two datetime columns) as a float.

    PostgreSQL and SQLite only (the databases CityLoop supports); on any
    other the base ``Func`` has no function name and refuses to compile.
    """

    output_field = FloatField()

    def __init__(self, start: str | Combinable, end: str | Combinable) -> None:
        super().__init__(_expr(start), _expr(end))

    def _parts(self, compiler: SQLCompiler) -> tuple[str, str, list[Any]]:
        start_sql, start_params = compiler.compile(self.source_expressions[0])
        end_sql, end_params = compiler.compile(self.source_expressions[1])
        return start_sql, end_sql, [*end_params, *start_params]

    def as_sqlite(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:
        start, end, params = self._parts(compiler)
        return f"((julianday({end}) - julianday({start})) * 24.0)", params

    def as_postgresql(self, compiler: SQLCompiler, connection: Any, **extra: Any) -> Any:
        start, end, params = self._parts(compiler)
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)", params


class PercentileCont(Aggregate):
    """PostgreSQL's continuous percentile (the median with ``fraction=0.5``)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: Any, fraction: float = 0.5, **extra: Any) -> None:
        super().__init__(expression, fraction=float(fraction), **extra)


def _expr(value: str | Combinable) -> Combinable:
    return F(value) if isinstance(value, str) else value


def has_percentile(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def median(queryset: QuerySet[Any], value: Combinable) -> float | None:
    """The median of ``value`` over ``queryset`` (None when it is empty)."""
    qs = queryset.order_by()
    if has_percentile(qs.db):
        result = qs.aggregate(m=PercentileCont(value))["m"]
        return None if result is None else float(result)
    count = qs.count()
    if count == 0:
        return None
    ordered = qs.annotate(_v=value).order_by("_v").values_list("_v", flat=True)
    middle = [float(v) for v in ordered[(count - 1) // 2:count // 2 + 1]]
    return statistics.fmean(middle)


def medians_by(queryset: QuerySet[Any], key: Combinable, value: Combinable) -> dict[Any, float]:
    """The median of ``value`` for each distinct ``key`` over ``queryset``."""
    qs = queryset.order_by()
    if has_percentile(qs.db):
        rows = qs.annotate(_k=key).values("_k").annotate(_m=PercentileCont(value))
        return {row["_k"]: float(row["_m"]) for row in rows if row["_m"] is not None}
    buckets: dict[Hashable, array[float]] = {}
    pairs = qs.annotate(_k=key, _v=value).values_list("_k", "_v")
    for group, hours in pairs.iterator(chunk_size=5000):
        if hours is not None:
            buckets.setdefault(group, array("d")).append(float(hours))
    return {group: statistics.median(values) for group, values in buckets.items()}
