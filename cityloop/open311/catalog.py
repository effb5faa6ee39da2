"""Service discovery, the service list and service definitions, from the catalogue snapshot.

All three answer from the in-memory catalogue snapshot (no query beyond
its revision check), in the language of the request: category names and
questions are data with their own translations (``cityloop.i18n.pick``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceAttribute, ServiceCategory
from cityloop.i18n import pick
from cityloop.open311.errors import ApiError

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed in a way clients may notice (Service
# Discovery, "changeset"); bump it with such changes.
CHANGESET = "2026-11-21T00:00:00+00:00"


def discovery() -> dict[str, Any]:
    """GeoReport v2 Service Discovery (http://wiki.open311.org/Service_discovery)."""
    contact = settings.OPEN311_CONTACT or _(
        "%(city)s city services; see %(url)s"
    ) % {"city": settings.CITY_NAME, "url": settings.PUBLIC_URL}
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _(
            "API keys for creating service requests are issued by the city's administrators; "
            "ask them through %(url)s"
        ) % {"url": settings.PUBLIC_URL},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{settings.PUBLIC_URL}/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def services() -> list[dict[str, Any]]:
    """GET Service List: every active category, in the catalogue's order."""
    catalogue = snapshot.current()
    active = [c for c in catalogue.categories.values() if c.active]
    active.sort(key=lambda c: (c.group.order, c.group.code, c.order, c.service_code))
    return [
        {
            "service_code": c.service_code,
            "service_name": c.display_name,
            "description": c.display_description,
            "metadata": any(a.variable for a in catalogue.attributes.get(c.pk, [])),
            "type": "realtime",
            "keywords": ", ".join(c.keywords or []),
            "group": c.group.display_name,
        }
        for c in active
    ]


def service_definition(code: str) -> dict[str, Any]:
    """GET Service Definition: the questions of one active category."""
    catalogue = snapshot.current()
    category = catalogue.categories.get(code)
    if category is None or not category.active:
        raise ApiError.not_found(
            _("%(code)s is not a service of this city.") % {"code": code[:100]}
        )
    return {
        "service_code": category.service_code,
        "attributes": [_attribute(a) for a in catalogue.attributes.get(category.pk, [])],
    }


def _attribute(attribute: ServiceAttribute) -> dict[str, Any]:
    # Field order as in the spec's example.
    return {
        "variable": attribute.variable,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.display_datatype_description,
        "order": attribute.order,
        "description": attribute.display_description,
        "values": [
            {
                "key": str(value["key"]),
                "name": pick(str(value.get("name", value["key"])), value.get("name_i18n")),
            }
            for value in attribute.values or []
        ],
    }


def service_notice(category: ServiceCategory) -> str:
    """What the city aims for: "We aim to resolve pothole reports within 72 hours."."""
    hours = category.sla_hours
    return ngettext(
        "We aim to resolve %(service)s reports within %(hours)d hour.",
        "We aim to resolve %(service)s reports within %(hours)d hours.",
        hours,
    ) % {"service": _in_sentence(category.display_name), "hours": hours}


def _in_sentence(name: str) -> str:
    # "Pothole" reads "pothole" inside a sentence; "LED lamp" keeps its
    # capitals, and scripts without case are left alone.
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]
