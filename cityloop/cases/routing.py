"""Routing as data: which department handles a report, from its category and place.

The category names a department (a city bureau). If that department has
units responsible for areas (district offices, street teams), the case goes
down to the unit whose area contains the point, as deep as the tree goes.
No department is named in code: admins edit categories and departments.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cityloop.cases.errors import FieldProblem, SubmissionRejected
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, ServiceCategory
from cityloop.geo.index import AreaHit, areas_at


def parse_coordinate(raw: Any, *, field: str, low: float, high: float) -> float:
    """A latitude or longitude from user input, or a clear problem."""
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        raise SubmissionRejected(
            [FieldProblem(field, "invalid", _("%(field)s must be a number in decimal degrees.")
                          % {"field": field})]
        ) from None
    if value != value or not low <= value <= high:  # NaN fails the first test
        raise SubmissionRejected(
            [FieldProblem(field, "invalid", _("%(field)s must be between %(low)s and %(high)s.")
                          % {"field": field, "low": low, "high": high})]
        )
    return value


def locate(lat: Any, lon: Any) -> AreaHit:
    """The smallest city area at the point; refuses a point outside the city."""
    return locate_all(lat, lon)[-1]


def locate_all(lat: Any, lon: Any) -> list[AreaHit]:
    lat_f = parse_coordinate(lat, field="lat", low=-90, high=90)
    lon_f = parse_coordinate(lon, field="long", low=-180, high=180)
    hits = areas_at(lat_f, lon_f)
    if not hits:
        raise SubmissionRejected(
            [
                FieldProblem(
                    "lat",
                    "outside_city",
                    _(
                        "This location (%(lat).5f, %(lon).5f) is outside the area the city "
                        "looks after. Check the pin, or contact the authority responsible "
                        "for that place."
                    )
                    % {"lat": lat_f, "lon": lon_f},
                )
            ]
        )
    return hits


def route(
    category: ServiceCategory, hits: list[AreaHit], tree: snapshot.Snapshot | None = None
) -> Department:
    """The department that handles a case of ``category`` at a place in ``hits``."""
    tree = tree or snapshot.current()
    department = tree.departments.get(category.department_id, category.department)
    depth_of = {hit.id: hit.depth for hit in hits}
    seen = {department.pk}
    while True:
        units = [
            unit
            for unit in tree.units.get(department.pk, [])
            if unit.area_id in depth_of and unit.pk not in seen
        ]
        if not units:
            return department
        # Of several units covering the point, the most local one wins.
        department = max(units, key=lambda u: (depth_of[u.area_id or 0], -u.pk))
        seen.add(department.pk)
