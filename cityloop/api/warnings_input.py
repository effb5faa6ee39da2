"""The body of ``POST /api/v1/warnings``, checked field by field.

Every problem is collected, so one 400 names them all (``{"field": "why"}``);
nothing here writes. Texts come as ``{"en": ..., "zh-hans": ...}`` (or one
string in the city's language), areas as ids or codes (slugs), CAP's value
lists in any letter case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cityloop.geo.models import Area
from cityloop.geo.shapes import GeometryError, parse_geometry
from cityloop.i18n import split_translations
from cityloop.warnings.models import (
    Category,
    Certainty,
    MsgType,
    Severity,
    Status,
    Urgency,
    Warning,
)

TEXTS = ("event", "headline", "description", "instruction")
CHOICES: dict[str, type[models.TextChoices]] = {
    "severity": Severity, "urgency": Urgency, "certainty": Certainty, "category": Category,
    "status": Status, "msg_type": MsgType,
}
REQUIRED_FOR_ALERT = ("event", "severity", "urgency", "certainty", "headline", "description")
MAX_MINUTES = 7 * 24 * 60
MAX_LENGTH = {"event": 100, "headline": 160, "description": 5000, "instruction": 5000}


class Invalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)
    areas: list[Area] | None = None
    references: Warning | None = None


def _text(name: str, value: Any, errors: dict[str, str]) -> dict[str, Any]:
    if isinstance(value, str) or (isinstance(value, dict)
                                  and all(isinstance(v, str) for v in value.values())):
        default, others = split_translations(value)
        if not default.strip():
            errors[name] = _("Give the text in at least one language.")
        elif any(len(t) > MAX_LENGTH[name] for t in (default, *others.values())):
            errors[name] = _("At most %(n)d characters.") % {"n": MAX_LENGTH[name]}
        else:
            return {name: default.strip(), f"{name}_i18n": others}
        return {}
    errors[name] = _('A string, or an object of strings by language: {"en": "...", '
                     '"zh-hans": "..."}.')
    return {}


def _choice(name: str, value: Any, errors: dict[str, str]) -> dict[str, Any]:
    options = CHOICES[name]
    by_lower = {str(v).lower(): str(v) for v in options.values}
    if isinstance(value, str) and value.lower() in by_lower:
        return {name: by_lower[value.lower()]}
    errors[name] = _("One of %(values)s.") % {"values": ", ".join(options.values)}
    return {}


def _areas(value: Any, errors: dict[str, str]) -> list[Area] | None:
    if not isinstance(value, list) or not all(isinstance(v, int | str) and not isinstance(v, bool)
                                              for v in value):
        errors["areas"] = _("A list of area ids or codes.")
        return None
    ids = {v for v in value if isinstance(v, int)}
    codes = {v for v in value if isinstance(v, str)}
    found = list(Area.objects.filter(models.Q(pk__in=ids) | models.Q(code__in=codes)))
    known = {a.pk for a in found} | {a.code for a in found}
    unknown = [str(v) for v in value if v not in known]
    if unknown:
        errors["areas"] = _("Unknown areas: %(areas)s.") % {"areas": ", ".join(unknown)}
        return None
    return found


def _polygon(value: Any, errors: dict[str, str]) -> dict[str, Any]:
    if value is None:
        return {"polygon": None}
    try:
        if not isinstance(value, dict) or value.get("type") != "Polygon":
            raise GeometryError("not a Polygon")
        parse_geometry(value)
    except GeometryError:
        errors["polygon"] = _("A GeoJSON Polygon inside the city, longitude first.")
        return {}
    return {"polygon": value}


def _minutes(value: Any, errors: dict[str, str]) -> dict[str, Any]:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_MINUTES:
        return {"valid_minutes": value}
    errors["expires_in_minutes"] = _("A whole number of minutes from 1 to %(max)d.") % {
        "max": MAX_MINUTES}
    return {}


def _references(value: Any, errors: dict[str, str]) -> Warning | None:
    found = (Warning.objects.filter(identifier=value, published_at__isnull=False).first()
             if isinstance(value, str) else None)
    if found is None:
        errors["references"] = _("The identifier of a published warning.")
    return found


def parse(body: Any) -> Parsed:
    """The checked values of a request body; ``Invalid`` naming every bad field."""
    if not isinstance(body, dict):
        raise Invalid({"body": _("A JSON object.")})
    errors: dict[str, str] = {}
    parsed = Parsed()
    msg_type = _choice("msg_type", body.get("msg_type", "alert"), errors).get("msg_type")
    replacing = msg_type in (MsgType.UPDATE, MsgType.CANCEL)
    if replacing:
        parsed.references = _references(body.get("references"), errors)
    elif "references" in body:
        errors["references"] = _("Only an update or a cancel references a warning.")
    for name in REQUIRED_FOR_ALERT if not replacing else ():
        if name not in body:
            errors[name] = _("Required.")
    for name in TEXTS:
        if name in body:
            parsed.values.update(_text(name, body[name], errors))
    for name in ("severity", "urgency", "certainty", "category", "status"):
        if name in body:
            parsed.values.update(_choice(name, body[name], errors))
    if "areas" in body:
        parsed.areas = _areas(body["areas"], errors)
    if "polygon" in body:
        parsed.values.update(_polygon(body["polygon"], errors))
    if "expires_in_minutes" in body:
        parsed.values.update(_minutes(body["expires_in_minutes"], errors))
    if not replacing and not body.get("areas") and not body.get("polygon"):
        errors.setdefault("areas", _("Give areas, a polygon, or both."))
    known = {*TEXTS, *CHOICES, "areas", "polygon", "expires_in_minutes", "references"}
    for name in body:
        if name not in known:
            errors[str(name)[:50]] = _("Not a field of a warning.")
    if errors:
        raise Invalid(errors)
    if msg_type is not None:
        parsed.values["msg_type"] = msg_type
    return parsed
