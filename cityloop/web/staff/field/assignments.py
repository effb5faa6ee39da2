"""The field view: an officer's own open assignments, nearest first.

On a phone the browser gives a position (``?lat=&lon=``); the list is then
ordered by distance (an officer holds tens of cases, so sorting in Python
is cheap and the same on SQLite and PostgreSQL). Without a position it is
ordered by due date, the most urgent work first. Each item links to the
phone's maps app (``geo:`` URI, RFC 5870) and to OpenStreetMap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User

from cityloop.cases import policy
from cityloop.cases.models import OPEN_STATUSES, Case
from cityloop.cases.suggest import distance_m

MAX_ITEMS = 200


@dataclass
class Assignment:
    case: Case
    distance_m: float | None
    overdue: bool

    @property
    def geo_uri(self) -> str:
        return f"geo:{self.case.lat:.6f},{self.case.lon:.6f}" if self.located else ""

    @property
    def osm_url(self) -> str:
        if not self.located:
            return ""
        lat, lon = f"{self.case.lat:.6f}", f"{self.case.lon:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"

    @property
    def located(self) -> bool:
        return self.case.lat is not None and self.case.lon is not None

    @property
    def distance_label(self) -> str:
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return f"{round(self.distance_m)} m"
        return f"{self.distance_m / 1000:.1f} km"


def parse_position(lat: str | None, lon: str | None) -> tuple[float, float] | None:
    """The phone's position from the query string, or None if absent or nonsense."""
    try:
        lat_f, lon_f = float(lat or ""), float(lon or "")
    except ValueError:
        return None
    if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):  # NaN fails too
        return None
    return lat_f, lon_f


def my_assignments(user: User, position: tuple[float, float] | None,
                   now: datetime) -> list[Assignment]:
    cases = (policy.visible_cases(user)
             .filter(assignee_id=user.pk, status__in=OPEN_STATUSES)
             .select_related("category", "area")
             .order_by("due_at", "id")[:MAX_ITEMS])
    items = []
    for case in cases:
        distance = None
        if position is not None and case.lat is not None and case.lon is not None:
            distance = distance_m(position[0], position[1], case.lat, case.lon)
        items.append(Assignment(case, distance, case.due_at < now))
    if position is not None:
        # Unlocated cases (address only) go last, still by due date.
        items.sort(key=lambda a: (a.distance_m is None, a.distance_m or 0.0))
    return items
