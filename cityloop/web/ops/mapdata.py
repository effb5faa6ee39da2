"""Open cases as GeoJSON for the cockpit's map (staff only: no contact details even so).

The whole map is loaded once (``open_cases_collection(now)``), then only
what changed: ``since`` gives every case whose ``updated_at`` is later (an
index range) and ``after`` every case with a higher id (new ones, even if a
clock elsewhere ran ahead and ``updated_at`` alone would hide them), open
or not, so the page can add new markers, move or restyle changed ones and
remove cases that closed. Cases from sensor alerts and
report hotspots go to their own layer, whatever their service group.

Each person's map holds only the cases they may see (``scope``, from
``cases.policy.visible_cases``): an officer of one department never sees
where another department's cases are. A case that changed but is outside
the scope (forwarded away, say) comes as a bare removal (its reference,
``open`` false, no place and no words) so that a marker drawn before it left
is taken off; a new case outside the scope is not mentioned at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cityloop.cases.models import OPEN_STATUSES, Case, Channel, Status
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Priority, ServiceCategory
from cityloop.geo.models import Area

MAP_LIMIT = 10_000
CHANGES_LIMIT = 2_000
SENSOR_LAYER = "sensor"
SENSOR_CHANNELS = (Channel.SENSOR, Channel.HOTSPOT)
Scope = Callable[[QuerySet[Case]], QuerySet[Case]]
# Plain columns, not model instances: a full map is thousands of rows.
COLUMNS = ("id", "reference", "status", "priority", "channel", "category_id", "area_id",
           "lat", "lon", "due_at", "created_at")


def staff_case_url(reference: str) -> str:
    # The staff console's case page (notify.render.staff_url, relative here).
    return f"/staff/cases/{reference}/"


class _Names:
    """Category, group and area names, looked up once per response."""

    def __init__(self) -> None:
        self.categories: dict[int, ServiceCategory] = {
            c.pk: c for c in snapshot.current().categories.values()}
        self.areas = {a.pk: a.display_name for a in Area.objects.only("id", "name", "name_i18n")}
        # Translated once per response rather than once per row.
        self.category_names = {pk: c.display_name for pk, c in self.categories.items()}
        self.statuses = {str(s.value): str(s.label) for s in Status}
        self.priorities = {str(p.value): str(p.label) for p in Priority}


def layer_of(channel: str, category: ServiceCategory | None) -> str:
    if channel in SENSOR_CHANNELS:
        return SENSOR_LAYER
    return category.group.code if category is not None else ""


def feature(row: dict[str, Any], now: datetime, names: _Names, since: datetime | None = None,
            after: int | None = None) -> dict[str, Any]:
    """One case (a row of ``COLUMNS``) as a GeoJSON Feature for the cockpit."""
    category = names.categories.get(row["category_id"])
    is_open = row["status"] in OPEN_STATUSES
    reference = row["reference"]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
        "properties": {
            "ref": reference,
            "url": staff_case_url(reference),
            "category": names.category_names.get(row["category_id"], ""),
            "group": category.group.code if category else "",
            "layer": layer_of(row["channel"], category),
            "priority": row["priority"],
            "priority_label": names.priorities.get(row["priority"], row["priority"]),
            "status_label": names.statuses[row["status"]],
            "open": is_open,
            "overdue": is_open and row["due_at"] < now,
            "area": names.areas.get(row["area_id"] or 0, ""),
            "reported": timezone.localtime(row["created_at"]).isoformat(timespec="seconds"),
            "new": (after is not None and row["id"] > after)
            or (since is not None and row["created_at"] > since),
        },
    }


def removal(reference: str) -> dict[str, Any]:
    """A case the page must take off its map, saying nothing else about it."""
    return {"type": "Feature", "geometry": None, "properties": {"ref": reference, "open": False}}


def _scoped(cases: QuerySet[Case], scope: Scope | None) -> QuerySet[Case]:
    return scope(cases) if scope is not None else cases


def open_cases(limit: int = MAP_LIMIT, scope: Scope | None = None
               ) -> QuerySet[Case, dict[str, Any]]:
    cases = _scoped(Case.objects.filter(status__in=OPEN_STATUSES).exclude(lat=None), scope)
    return cases.order_by("-created_at").values(*COLUMNS)[:limit]


def changed_cases(since: datetime | None, after: int | None,
                  limit: int = CHANGES_LIMIT) -> QuerySet[Case, dict[str, Any]]:
    changed = Q(pk__in=[])
    if since is not None:
        changed |= Q(updated_at__gt=since)
    if after is not None:
        changed |= Q(pk__gt=after)
    return (Case.objects.filter(changed).exclude(lat=None)
            .order_by("updated_at", "pk").values(*COLUMNS)[:limit])


def _changes(rows: list[dict[str, Any]], now: datetime, names: _Names, since: datetime | None,
             after: int | None, scope: Scope | None) -> list[dict[str, Any]]:
    ids = [row["id"] for row in rows]
    visible = set(ids) if scope is None else set(
        _scoped(Case.objects.filter(pk__in=ids), scope).values_list("pk", flat=True))
    out = []
    for row in rows:
        if row["id"] in visible:
            out.append(feature(row, now, names, since, after))
        elif after is None or row["id"] <= after:  # the page may have drawn it earlier
            out.append(removal(row["reference"]))
    return out


def open_cases_collection(now: datetime, since: datetime | None = None,
                          after: int | None = None, scope: Scope | None = None
                          ) -> dict[str, Any]:
    """Every open case in ``scope`` (newest first, capped), or every case changed after
    the marker (``since`` a time, ``after`` a case id)."""
    names = _Names()
    partial = since is not None or after is not None
    limit = CHANGES_LIMIT if partial else MAP_LIMIT
    if partial:
        rows = list(changed_cases(since, after, limit + 1))
        features = _changes(rows[:limit], now, names, since, after, scope)
    else:
        rows = list(open_cases(limit + 1, scope))
        features = [feature(row, now, names) for row in rows[:limit]]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}
