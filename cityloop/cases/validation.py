"""Checking a report's fields and answers before it becomes a case.

Every check adds a ``FieldProblem`` rather than stopping at the first, so a
client or a citizen can fix everything in one go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cityloop.cases.errors import FieldProblem
from cityloop.catalogue.models import LIST_DATATYPES, Datatype, ServiceAttribute

MAX_DESCRIPTION = 4000  # Open311 GeoReport v2: "may not exceed 4,000 characters"
MAX_STRING = 1000
MAX_TEXT = 4000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: Any) -> str:
    """Text without control characters (NUL cannot even be stored in PostgreSQL)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return _CONTROL.sub("", text).strip()


def clean_language(value: Any) -> str:
    """A language code CityLoop speaks (``settings.LANGUAGES``), else empty."""
    code = clean_text(value).lower().replace("_", "-")
    known = {lang for lang, _name in settings.LANGUAGES}
    return code if code in known else ""


def check_length(field: str, text: str, limit: int, problems: list[FieldProblem]) -> None:
    if len(text) > limit:
        problems.append(
            FieldProblem(
                field,
                "too_long",
                _("%(field)s is %(length)d characters long; the limit is %(limit)d.")
                % {"field": field, "length": len(text), "limit": limit},
            )
        )


def check_email(field: str, email: str, problems: list[FieldProblem]) -> None:
    try:
        EmailValidator()(email)
    except ValidationError:
        problems.append(
            FieldProblem(field, "invalid", _("%(value)s is not a valid email address.")
                         % {"value": email[:100]})
        )


def check_url(field: str, url: str, problems: list[FieldProblem]) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        problems.append(
            FieldProblem(field, "invalid", _("%(field)s must be an http or https address.")
                         % {"field": field})
        )


def check_attributes(
    definition: list[ServiceAttribute],
    answers: Mapping[str, Any],
    service_code: str,
) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Answers checked against the service definition, and the problems found.

    Unknown codes are refused rather than ignored, so a client that misspells
    a code hears about it instead of silently losing the answer.
    """
    problems: list[FieldProblem] = []
    clean: dict[str, Any] = {}
    by_code = {a.code: a for a in definition if a.variable}
    for code in answers:
        if code not in by_code:
            problems.append(
                FieldProblem(
                    f"attribute[{code}]"[:120],
                    "unknown_attribute",
                    _("%(code)s is not a question of service %(service)s.")
                    % {"code": str(code)[:100], "service": service_code},
                )
            )
    for code, attribute in by_code.items():
        raw = answers.get(code)
        # A number or a date arrives as itself from JSON clients, not only as text.
        values = list(raw) if isinstance(raw, list | tuple) else [] if raw is None else [raw]
        values = [clean_text(v) for v in values if clean_text(v) != ""]
        field = f"attribute[{code}]"
        if not values:
            if attribute.required:
                problems.append(
                    FieldProblem(field, "required", _("%(question)s (%(field)s) is required.")
                                 % {"question": attribute.description, "field": field})
                )
            continue
        value, problem = _check_one(attribute, values, field)
        if problem:
            problems.append(problem)
        else:
            clean[code] = value
    return clean, problems


def _check_one(
    attribute: ServiceAttribute, values: list[str], field: str
) -> tuple[Any, FieldProblem | None]:
    datatype = attribute.datatype
    if datatype not in LIST_DATATYPES and len(values) > 1:
        return None, FieldProblem(field, "invalid", _("%(field)s takes a single value.")
                                  % {"field": field})
    if datatype in LIST_DATATYPES:
        if datatype == Datatype.SINGLEVALUELIST and len(values) > 1:
            return None, FieldProblem(field, "invalid", _("%(field)s takes one choice only.")
                                      % {"field": field})
        keys = attribute.value_keys()
        wrong = [v for v in values if v not in keys]
        if wrong:
            return None, FieldProblem(
                field,
                "invalid_choice",
                _("%(value)s is not a choice of %(field)s; choose from %(choices)s.")
                % {"value": wrong[0][:100], "field": field, "choices": ", ".join(keys)},
            )
        unique = list(dict.fromkeys(values))
        return (unique if datatype == Datatype.MULTIVALUELIST else unique[0]), None
    value = values[0]
    if datatype == Datatype.NUMBER:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            return None, FieldProblem(field, "invalid", _("%(field)s must be a number.")
                                      % {"field": field})
        return (int(number) if number.is_integer() else number), None
    if datatype == Datatype.DATETIME:
        parsed = _parse_datetime(value)
        if parsed is None:
            return None, FieldProblem(
                field, "invalid",
                _("%(field)s must be a date and time like 2026-03-01T14:30:00+08:00.")
                % {"field": field},
            )
        return parsed.isoformat(), None
    limit = MAX_TEXT if datatype == Datatype.TEXT else MAX_STRING
    if len(value) > limit:
        return None, FieldProblem(
            field, "too_long", _("%(field)s is longer than %(limit)d characters.")
            % {"field": field, "limit": limit}
        )
    return value, None


def _parse_datetime(value: str) -> datetime | None:
    try:
        return parse_datetime(value)
    except ValueError:
        return None
