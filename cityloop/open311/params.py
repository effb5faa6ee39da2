"""Reading and checking query and form parameters; every mistake becomes a clear 400.

Parsers collect every problem of a request before failing, so a client
sees all its mistakes at once. Values echoed back in messages are cut to
100 characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cityloop.catalogue.snapshot import Snapshot
from cityloop.open311.errors import ApiError

# GeoReport v2, GET Service Requests: "may not span more than 90 days".
MAX_SPAN = timedelta(days=90)
MAX_PAGE = 1_000_000
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no", ""}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "2026-03-01T00:00:00+08:00" pasted unencoded into a URL arrives with a
# space for the "+"; put it back rather than refuse an obvious intent.
_LOST_PLUS = re.compile(r"^(.*\d) (\d\d(?::?\d\d)?)$")
STATUSES = ("open", "closed")


def show(value: str) -> str:
    return value[:100]


def can_be_identifier(value: str) -> bool:
    """Whether ``value`` could name a request or token at all.

    Anything else is answered "not found" without asking the database,
    which would refuse NUL (PostgreSQL) rather than find nothing.
    """
    return 0 < len(value) <= 64 and value.isprintable()


def check_utf8(raw: bytes, part: str) -> None:
    """Refuse text that is not UTF-8 (raw or percent-encoded) instead of guessing.

    GeoReport v2, "Encoding": text from clients is UTF-8. Separators of a
    query string are ASCII, so checking the decoded whole checks every
    field.
    """
    try:
        unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8(part) from None


def not_utf8(part: str) -> ApiError:
    return ApiError.bad_request(
        _("The %(part)s is not valid UTF-8; send all text encoded as UTF-8.") % {"part": part}
    )


def check_query_utf8(request: HttpRequest) -> None:
    raw = request.META.get("QUERY_STRING", "")
    try:
        data = raw.encode("latin-1")  # PEP 3333: bytes smuggled as latin-1
    except UnicodeEncodeError:
        data = raw.encode("utf-8")
    check_utf8(data, _("query string"))


FORM = "application/x-www-form-urlencoded"


def check_body(request: HttpRequest) -> None:
    """A POST body must be a UTF-8 form, URL-encoded or multipart.

    Multipart fields reach us already decoded, with U+FFFD where bytes were
    not UTF-8, so there that character is what we refuse.
    """
    request.encoding = "utf-8"  # the spec's encoding, whatever charset is claimed
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        form = request.POST
        if any("\ufffd" in key or any("\ufffd" in v for v in form.getlist(key)) for key in form):
            raise not_utf8(_("request body"))
        return
    if content_type != FORM and request.body:
        raise ApiError.bad_request(
            _("Send the fields form-encoded (application/x-www-form-urlencoded or "
              "multipart/form-data).")
        )
    check_utf8(request.body, _("request body"))


def language(query: QueryDict) -> str | None:
    """The language asked for with ``locale`` (FixMyStreet style: zh-hans, zh_CN), if we have it.

    Without it, Django's LocaleMiddleware has already honoured
    Accept-Language. An unknown locale is ignored, as FixMyStreet does.
    """
    raw = query.get("locale", "").strip()
    if not raw or len(raw) > 20:
        return None
    try:
        return translation.get_supported_language_variant(translation.to_language(raw))
    except LookupError:
        return None


def check_jurisdiction(request: HttpRequest) -> None:
    """``jurisdiction_id`` is accepted everywhere.

    A city that sets ``settings.OPEN311_JURISDICTION_ID`` gets other values
    refused; without it (the default) any value is accepted, since this
    server answers for one jurisdiction only and the spec makes the
    parameter optional then.
    """
    expected = settings.OPEN311_JURISDICTION_ID
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    if expected and given and given != expected:
        raise ApiError.bad_request(
            _("This server answers for jurisdiction %(expected)s, not %(given)s.")
            % {"expected": expected, "given": show(given)}
        )


def flag(query: QueryDict, name: str, errors: list[str]) -> bool:
    raw = query.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw not in _FALSE:
        errors.append(_("%(name)s must be true or false.") % {"name": name})
    return False


def whole_number(
    query: QueryDict, name: str, default: int, maximum: int, errors: list[str]
) -> int:
    raw = query.get(name, "")
    if not raw:
        return default
    # Spaces around a number are forgiven; any other character, a control character
    # that str.strip() would also remove included, is not a number.
    raw = raw.strip(" ")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        errors.append(
            _("%(name)s must be a whole number from 1 to %(max)d; got %(value)s.")
            % {"name": name, "max": maximum, "value": show(raw)}
        )
        return default
    value = int(raw)
    if value < 1:
        errors.append(_("%(name)s must be at least 1.") % {"name": name})
    elif value > maximum:
        errors.append(
            _("%(name)s may be at most %(max)d; got %(value)d.")
            % {"name": name, "max": maximum, "value": value}
        )
    else:
        return value
    return default


def comma_list(query: QueryDict, name: str) -> list[str]:
    """``a,b`` or repeated ``name=a&name=b``, without blanks or repeats."""
    items = [part.strip() for raw in query.getlist(name) for part in raw.split(",")]
    return list(dict.fromkeys(item for item in items if item))


def w3c_datetime(name: str, raw: str, *, end_of_day: bool = False) -> datetime:
    """A W3C datetime (GeoReport v2, "Date/time format"); a bare date means midnight.

    A bare date as an end means the end of that day. A time without an
    offset is taken in the city's time zone.
    """
    value = raw.strip()
    lost_plus = _LOST_PLUS.match(value)
    if lost_plus and "T" in value:
        value = f"{lost_plus.group(1)}+{lost_plus.group(2)}"
    try:
        if _DATE_ONLY.match(value):
            day = parse_date(value)
            assert day is not None
            moment = _day_bound(day, end_of_day)
        else:
            parsed = parse_datetime(value)
            if parsed is None:
                raise ValueError(value)
            moment = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        # Refuses years out of range, in the city's zone and in UTC, as the database
        # stores it (0001-01-01 in Shanghai is still year 0 in UTC).
        moment.astimezone(timezone.get_default_timezone())
        moment.astimezone(UTC)
    except OverflowError:
        raise ApiError.bad_request(
            _("%(name)s must be between the years 1 and 9999 in UTC and in the city's time "
              "zone; got %(value)s.") % {"name": name, "value": show(raw)}
        ) from None
    except ValueError:
        raise ApiError.bad_request(
            _("%(name)s is not a date and time in W3C format, like 2026-03-01T14:30:00+08:00; "
              "got %(value)s.") % {"name": name, "value": show(raw)}
        ) from None
    return moment


def _day_bound(day: date, end_of_day: bool) -> datetime:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start + timedelta(days=1, microseconds=-1) if end_of_day else start


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def period(query: QueryDict, errors: list[str], *, start_required: bool = False) -> Period:
    """``start_date``/``end_date``: at most 90 days apart, the last 90 days by default."""
    start = _optional_datetime(query, "start_date", errors)
    end = _optional_datetime(query, "end_date", errors, end_of_day=True)
    fallback = Period(timezone.now() - MAX_SPAN, timezone.now())
    if start is None and start_required and not query.get("start_date", "").strip():
        errors.append(_("start_date is required."))
    if errors:
        return fallback
    try:
        return _bounded(start, end, errors)
    except OverflowError:
        errors.append(_("start_date and end_date must be between the years 1 and 9999."))
        return fallback


def _optional_datetime(
    query: QueryDict, name: str, errors: list[str], *, end_of_day: bool = False
) -> datetime | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    try:
        return w3c_datetime(name, raw, end_of_day=end_of_day)
    except ApiError as exc:
        errors += exc.descriptions
        return None


def _bounded(start: datetime | None, end: datetime | None, errors: list[str]) -> Period:
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        assert end is not None
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    start.astimezone(UTC), end.astimezone(UTC)  # OverflowError past year 9999 in UTC
    if end < start:
        errors.append(_("end_date is before start_date."))
    elif end - start > MAX_SPAN + timedelta(seconds=1):
        errors.append(
            _("start_date and end_date may be at most %(days)d days apart.")
            % {"days": MAX_SPAN.days}
        )
    return Period(start, end)


def statuses(query: QueryDict, errors: list[str]) -> tuple[str, ...]:
    """``status``: open, closed or both, comma-separated; empty means both."""
    wanted = [s.lower() for s in comma_list(query, "status")]
    wrong = [s for s in wanted if s not in STATUSES]
    if wrong:
        errors.append(
            _("status must be open or closed (or both, comma-separated); got %(value)s.")
            % {"value": show(wrong[0])}
        )
        return ()
    return tuple(dict.fromkeys(wanted))


def category_ids(query: QueryDict, catalogue: Snapshot, errors: list[str]) -> list[int]:
    """The categories named by ``service_code``; inactive ones still match old requests."""
    ids: list[int] = []
    for code in comma_list(query, "service_code"):
        category = catalogue.categories.get(code)
        if category is None:
            errors.append(
                _("%(code)s is not a service of this city.") % {"code": show(code)}
            )
        else:
            ids.append(category.pk)
    return ids


@dataclass(frozen=True)
class Paging:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def paging(query: QueryDict, errors: list[str]) -> Paging:
    """``page`` and ``page_size`` (GeoReport v2 extension "Pagination").

    The default page size is the spec's limit of 1000, or the city's maximum
    if that is smaller.
    """
    maximum = settings.OPEN311_MAX_PAGE_SIZE
    size = whole_number(query, "page_size", min(1000, maximum), maximum, errors)
    page = whole_number(query, "page", 1, MAX_PAGE, errors)
    return Paging(page, size)
