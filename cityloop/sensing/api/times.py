"""Times as SensorThings writes them: ISO 8601 with an offset, intervals as ``start/end``.

OGC 18-088 §8.2 (TM_Instant, TM_Period): every time carries its offset; we
store UTC and answer in UTC with ``Z``, with milliseconds (or microseconds)
only when the time has them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import bad_request


def format_instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    value = value.astimezone(UTC)
    if value.microsecond == 0:
        text = value.strftime("%Y-%m-%dT%H:%M:%S")
    elif value.microsecond % 1000 == 0:
        text = value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}"
    else:
        text = value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return text + "Z"


def format_time(start: datetime | None, end: datetime | None) -> str | None:
    """An instant, or an interval ``start/end`` when there is an end (§8.2.7 phenomenonTime)."""
    if start is None:
        return None
    if end is None:
        return format_instant(start)
    return f"{format_instant(start)}/{format_instant(end)}"


def parse_instant(text: object, what: str) -> datetime:
    if not isinstance(text, str):
        raise bad_request(
            _("%(what)s must be an ISO 8601 time such as 2024-05-01T08:00:00Z.") % {"what": what}
        )
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise bad_request(
            _("%(what)s: %(value)s is not an ISO 8601 time such as 2024-05-01T08:00:00Z.")
            % {"what": what, "value": text[:60]}
        ) from None
    if value.tzinfo is None:
        raise bad_request(
            _("%(what)s: %(value)s has no time zone offset; add Z or +08:00, for example.")
            % {"what": what, "value": text[:60]}
        )
    return value.astimezone(UTC)


def parse_interval(text: object, what: str) -> tuple[datetime, datetime]:
    if not isinstance(text, str) or text.count("/") != 1:
        raise bad_request(
            _("%(what)s must be an ISO 8601 interval start/end, such as "
              "2024-05-01T08:00:00Z/2024-05-01T09:00:00Z.") % {"what": what}
        )
    first, second = text.split("/")
    start, end = parse_instant(first, what), parse_instant(second, what)
    if end < start:
        raise bad_request(_("%(what)s: the interval ends before it starts.") % {"what": what})
    return start, end


def parse_time(text: object, what: str) -> tuple[datetime, datetime | None]:
    """An instant (end None) or an interval."""
    if isinstance(text, str) and "/" in text:
        return parse_interval(text, what)
    return parse_instant(text, what), None
