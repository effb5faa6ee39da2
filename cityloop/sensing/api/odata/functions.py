"""The built-in ``$filter`` functions of OGC 18-088 §9.3.3.5.2 other than the geospatial ones.

Each has the kinds of its arguments, the kind of its result, an SQL form
built from Django's database functions (so it runs on SQLite and
PostgreSQL alike) and a Python form used when all its arguments are
constants. Positions follow the spec's examples, which FROST-Server also
follows: ``substring`` counts from 0 (``substring('Sensor Things',1)`` is
``'ensor Things'``) and ``indexof`` from 1 (``indexof('Sensor Things',
'Sensor')`` is 1, 0 when absent). Times are read in UTC, the time zone
they are stored in, so ``totaloffsetminutes`` is always 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import FloatField, Func, Q, TextField, Value
from django.db.models.functions import (
    Ceil,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractSecond,
    ExtractYear,
    Floor,
    Left,
    Length,
    Lower,
    Right,
    StrIndex,
    Substr,
    Trim,
    TruncDate,
    TruncTime,
    Upper,
)
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone


class RoundHalfUp(Func):
    """ROUND with halves away from zero on both databases (PostgreSQL's double rounds to even)."""

    function = "ROUND"
    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="ROUND((%(expressions)s)::numeric)")


class FractionalSeconds(Func):
    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # strftime('%f') is "SS.SSS": keep the fraction.
        return self.as_sql(
            compiler, connection,
            template="CAST('0' || SUBSTR(STRFTIME('%%f', %(expressions)s), 3) AS REAL)",
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection,
            template="(MOD(EXTRACT(MICROSECONDS FROM %(expressions)s)::numeric, 1000000) "
                     "/ 1000000.0)",
        )


@dataclass(frozen=True)
class Function:
    # kinds: string number datetime, datepart (a date or datetime: year, month, day),
    # clockpart (a time or datetime: hour, minute, second, fractionalseconds)
    args: tuple[str, ...]
    result: str
    sql: Callable[..., Any]  # SQL expressions in, an expression (or a Q for booleans) out
    py: Callable[..., Any]  # constants in, a constant out
    optional: int = 0  # how many trailing arguments may be left out


def _none_safe(fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        return None if any(a is None for a in args) else fn(*args)

    return run


def _utc(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _substring(text: str, start: int, length: int | None = None) -> str:
    start = max(int(start), 0)
    return text[start:] if length is None else text[start:start + max(int(length), 0)]


def _sql_substring(text: Any, start: Any, length: Any = None) -> Any:
    position = start + Value(1)
    return Substr(text, position) if length is None else Substr(text, position, length)


def _sql_endswith(text: Any, suffix: Any) -> Q:
    return Q(Exact(Right(text, Length(suffix)), suffix)) | Q(Exact(Length(suffix), 0))


def _sql_startswith(text: Any, prefix: Any) -> Q:
    return Q(Exact(Left(text, Length(prefix)), prefix)) | Q(Exact(Length(prefix), 0))


def _extract(cls: type[Func], attribute: str) -> tuple[Callable[..., Any], Callable[..., Any]]:
    return (lambda t: cls(t, tzinfo=UTC), _none_safe(lambda t: getattr(_utc(t), attribute)))


FUNCTIONS: dict[str, Function] = {
    "substringof": Function(
        ("string", "string"), "bool",
        lambda needle, text: Q(GreaterThan(StrIndex(text, needle), 0)),
        _none_safe(lambda needle, text: needle in text),
    ),
    "endswith": Function(
        ("string", "string"), "bool", _sql_endswith,
        _none_safe(lambda text, suffix: text.endswith(suffix)),
    ),
    "startswith": Function(
        ("string", "string"), "bool", _sql_startswith,
        _none_safe(lambda text, prefix: text.startswith(prefix)),
    ),
    "length": Function(("string",), "number", Length, _none_safe(len)),
    "indexof": Function(
        ("string", "string"), "number", StrIndex,
        _none_safe(lambda text, needle: text.find(needle) + 1),
    ),
    "substring": Function(
        ("string", "number", "number"), "string", _sql_substring, _none_safe(_substring),
        optional=1,
    ),
    "tolower": Function(("string",), "string", Lower, _none_safe(str.lower)),
    "toupper": Function(("string",), "string", Upper, _none_safe(str.upper)),
    "trim": Function(("string",), "string", Trim, _none_safe(str.strip)),
    "concat": Function(
        ("string", "string"), "string", lambda a, b: Concat(a, b, output_field=TextField()),
        _none_safe(lambda a, b: a + b),
    ),
    "year": Function(("datepart",), "number", *_extract(ExtractYear, "year")),
    "month": Function(("datepart",), "number", *_extract(ExtractMonth, "month")),
    "day": Function(("datepart",), "number", *_extract(ExtractDay, "day")),
    "hour": Function(("clockpart",), "number", *_extract(ExtractHour, "hour")),
    "minute": Function(("clockpart",), "number", *_extract(ExtractMinute, "minute")),
    "second": Function(("clockpart",), "number", *_extract(ExtractSecond, "second")),
    "fractionalseconds": Function(
        ("clockpart",), "number", FractionalSeconds,
        _none_safe(lambda t: t.microsecond / 1_000_000),
    ),
    "date": Function(
        ("datetime",), "date", lambda t: TruncDate(t, tzinfo=UTC),
        _none_safe(lambda t: _utc(t).date()),
    ),
    "time": Function(
        ("datetime",), "time", lambda t: TruncTime(t, tzinfo=UTC),
        _none_safe(lambda t: _utc(t).time().replace(tzinfo=None)),
    ),
    "totaloffsetminutes": Function(
        ("datetime",), "number", lambda t: Value(0), _none_safe(lambda t: 0),
    ),
    "now": Function((), "datetime", lambda: Value(timezone.now()), timezone.now),
    "mindatetime": Function(
        (), "datetime", lambda: Value(datetime(1, 1, 1, tzinfo=UTC)),
        lambda: datetime(1, 1, 1, tzinfo=UTC),
    ),
    "maxdatetime": Function(
        (), "datetime", lambda: Value(datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        lambda: datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ),
    "round": Function(
        ("number",), "number", RoundHalfUp,
        _none_safe(lambda n: math.floor(n + 0.5) if n >= 0 else -math.floor(-n + 0.5)),
    ),
    "floor": Function(("number",), "number", Floor, _none_safe(math.floor)),
    "ceiling": Function(("number",), "number", Ceil, _none_safe(math.ceil)),
}

GEO_BOOLEAN = frozenset({
    "geo.intersects", "st_equals", "st_disjoint", "st_touches", "st_within", "st_overlaps",
    "st_crosses", "st_intersects", "st_contains", "st_relate",
})
GEO_NUMERIC = frozenset({"geo.distance", "geo.length"})
