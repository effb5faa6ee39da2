"""Tokens of the ``$filter`` language (OGC 18-088 §9.3.3.5, OData 4 URL conventions §5.1.1).

Literals as the spec writes them: ``'text'`` (a quote doubled inside),
numbers, ``true``/``false``/``null``, times without quotes
(``2024-05-01T08:00:00Z``, ``2024-05-01``, ``08:00:00``), and typed
literals ``geography'POINT(1 2)'``, ``geometry'...'`` and ``duration'P1D'``.
A ``+`` in a time's offset that arrived unencoded (and so became a space)
is taken as the ``+`` it was.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils.translation import gettext as _
from shapely import wkt
from shapely.errors import GEOSException, ShapelyError
from shapely.geometry.base import BaseGeometry

from cityloop.sensing.api.odata.syntax import ExprError

INT_MAX = 2**63 - 1
INT_MIN = -(2**63)
MAX_DURATION = timedelta(days=3_652_059)  # from 0001-01-01 to 9999-12-31


@dataclass(frozen=True)
class Token:
    kind: str  # literal ident op ( ) , / end
    value: object
    pos: int
    text: str
    literal: str = ""  # the literal's kind when kind == "literal"


KEYWORDS = frozenset({
    "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div", "mod",
})

_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+\- ]\d{2}:?\d{2})(?![\w.])",
    re.IGNORECASE,
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\w:.])")
_TIME = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?![\w:])")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")
_IDENT = re.compile(r"[A-Za-z_@$][A-Za-z0-9_@$.]*")
_TYPED = re.compile(r"(geography|geometry|duration)'", re.IGNORECASE)
_SRID = re.compile(r"^\s*SRID=\d+;", re.IGNORECASE)  # EWKT's prefix; shapely reads plain WKT
_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?"
    r"(?:(\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
            continue
        token = _next(text, pos)
        tokens.append(token)
        pos += len(token.text)
    tokens.append(Token("end", None, len(text), ""))
    return tokens


def _next(text: str, pos: int) -> Token:
    char = text[pos]
    if char in "(),/":
        return Token(char, char, pos, char)
    if char == "'":
        value, length = _string(text, pos)
        return Token("literal", value, pos, text[pos:pos + length], "string")
    typed = _TYPED.match(text, pos)
    if typed:
        return _typed(text, pos, typed.group(1).lower(), len(typed.group(0)) - 1)
    for pattern, kind, convert in _SCALARS:
        match = pattern.match(text, pos)
        if match:
            return Token("literal", convert(match.group(0), pos), pos, match.group(0), kind)
    if char == "-":
        return Token("op", "-", pos, "-")
    ident = _IDENT.match(text, pos)
    if ident:
        word = ident.group(0)
        lowered = word.lower()
        if lowered in {"true", "false"}:
            return Token("literal", lowered == "true", pos, word, "bool")
        if lowered == "null":
            return Token("literal", None, pos, word, "null")
        if lowered in KEYWORDS:
            return Token("op", lowered, pos, word)
        return Token("ident", word, pos, word)
    raise ExprError(_("unexpected character %(char)s") % {"char": repr(char)}, pos)


def _string(text: str, pos: int) -> tuple[str, int]:
    """A quoted string starting at ``pos``; a quote inside is written twice."""
    out = []
    i = pos + 1
    while i < len(text):
        if text[i] == "'":
            if i + 1 < len(text) and text[i + 1] == "'":
                out.append("'")
                i += 2
                continue
            return "".join(out), i - pos + 1
        out.append(text[i])
        i += 1
    raise ExprError(_("the string starting here has no closing quote"), pos)


def _typed(text: str, pos: int, prefix: str, quote_at: int) -> Token:
    value, length = _string(text, pos + quote_at)
    whole = text[pos:pos + quote_at + length]
    if prefix == "duration":
        return Token("literal", parse_duration(value, pos), pos, whole, "duration")
    return Token("literal", parse_wkt(value, pos), pos, whole, "geometry")


def parse_wkt(text: str, pos: int) -> BaseGeometry:
    try:
        return wkt.loads(_SRID.sub("", text))
    except (ShapelyError, GEOSException, ValueError):
        raise ExprError(
            _("%(value)s is not valid WKT, such as POINT(114.05 22.54) or "
              "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))") % {"value": text[:80]},
            pos,
        ) from None


def parse_duration(value: str, pos: int) -> timedelta:
    match = _DURATION.match(value.strip())
    if not match or not any(match.groups()[1:]):
        raise ExprError(
            _("%(value)s is not an ISO 8601 duration such as P1D or PT10M") % {"value": value},
            pos,
        )
    sign, days, hours, minutes, seconds = match.groups()
    try:
        delta = timedelta(
            days=float(days or 0), hours=float(hours or 0), minutes=float(minutes or 0),
            seconds=float(seconds or 0),
        )
    except OverflowError:
        delta = MAX_DURATION * 2
    if delta > MAX_DURATION:
        # Longer than any span between two times of the calendar: it could only overflow.
        raise ExprError(_("%(value)s is longer than %(days)s days")
                        % {"value": value[:40], "days": MAX_DURATION.days}, pos)
    return -delta if sign else delta


def _datetime(text: str, pos: int) -> datetime:
    fixed = text
    if len(text) > 6 and text[-6] == " ":  # "+01:00" that arrived as " 01:00"
        fixed = text[:-6] + "+" + text[-5:]
    if fixed[-1] in "zZ":
        fixed = fixed[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(_trim_fraction(fixed)).astimezone(UTC)
    except ValueError:
        raise ExprError(_("%(value)s is not a valid time") % {"value": text}, pos) from None


def _trim_fraction(text: str) -> str:
    """Python reads at most six fractional digits; ISO 8601 allows more."""
    return re.sub(r"\.(\d{6})\d+", r".\1", text)


def _date(text: str, pos: int) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExprError(_("%(value)s is not a valid date") % {"value": text}, pos) from None


def _time(text: str, pos: int) -> time:
    try:
        return time.fromisoformat(_trim_fraction(text))
    except ValueError:
        raise ExprError(_("%(value)s is not a valid time of day") % {"value": text}, pos) from None


def _number(text: str, pos: int) -> int | float:
    if re.fullmatch(r"-?\d+", text):
        if len(text) > 25 or not INT_MIN <= (value := int(text)) <= INT_MAX:
            # Databases store 64-bit integers; a larger one cannot be bound as a parameter.
            raise ExprError(_("%(value)s is outside the range of 64-bit integers")
                            % {"value": text[:30]}, pos)
        return value
    number = float(text)
    if not math.isfinite(number):
        raise ExprError(_("%(value)s is too large a number") % {"value": text[:30]}, pos)
    return number


_SCALARS = (
    (_DATETIME, "datetime", _datetime),
    (_DATE, "date", _date),
    (_TIME, "time", _time),
    (_NUMBER, "number", _number),
)
