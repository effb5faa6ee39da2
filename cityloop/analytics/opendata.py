"""Cases as the public may see them: de-identified, public categories only.

Used by the public map and list (``web.public``). The rules, from DESIGN.md
"People-centred principles":

- only cases of public categories (``ServiceCategory.is_public``): sensitive
  ones are not listed at all, not even without their location;
- no personal data: the fields read are the reference, category, status,
  area, dates and the location, never a description (people write names
  and telephone numbers in them), a contact, an assignee or a note;
- a location is rounded to 4 decimal places (about 10 m): enough to find a
  pothole, and no claim of precision beyond what the reporter's pin had;
- photos only when staff approved them (``CaseMedia.public``) or they show
  the finished work (kind "after", taken by staff);
- a bounded window: cases reported in the last ``WINDOW_DAYS`` days that
  are open or resolved (rejections and duplicates are left out: the
  duplicate's original is on the map already).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cityloop.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseMedia,
    Status,
)
from cityloop.cases.policy import public
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo.models import Area

WINDOW_DAYS = 90
MAP_LIMIT = 5000
COORDINATE_DECIMALS = 4
SHOWN_STATUSES = (*OPEN_STATUSES, Status.RESOLVED, Status.CLOSED)
PUBLIC_FIELDS = ("id", "reference", "status", "category_id", "area_id", "lat", "lon",
                 "created_at", "resolved_at")
MAP_COLUMNS = ("reference", "status", "category_id", "area_id", "lat", "lon", "created_at")


def public_media() -> Q:
    return public.PUBLIC_PHOTO  # the one rule, also behind the public photo address


def public_categories() -> dict[int, ServiceCategory]:
    return {c.pk: c for c in public.public_categories()}


def public_cases(now: datetime | None = None, *, days: int = WINDOW_DAYS) -> QuerySet[Case]:
    """Public cases of the window, newest first, with only public columns loaded."""
    now = now or timezone.now()
    return (
        Case.objects.filter(
            created_at__gte=now - timedelta(days=days),
            status__in=SHOWN_STATUSES,
            category_id__in=list(public_categories()),
        )
        .only(*PUBLIC_FIELDS, "category__service_code", "category__name",
              "category__name_i18n", "category__is_public", "area__name", "area__name_i18n")
        .select_related("category", "area")
        .order_by("-created_at", "-id")
    )


def with_public_photos(cases: QuerySet[Case]) -> QuerySet[Case]:
    photos = CaseMedia.objects.filter(public_media()).order_by("created_at", "id")
    return cases.prefetch_related(Prefetch("media", queryset=photos, to_attr="public_photos"))


def _properties(reference: str, status: str, category: ServiceCategory, area: str,
                created_at: datetime, status_labels: dict[str, str] | None = None
                ) -> dict[str, Any]:
    if not public.shows_details(category):
        raise ValueError(f"{reference} is of a sensitive category: never published")
    labels = status_labels or status_words()
    return {
        "ref": reference,
        "category": category.display_name,
        "service_code": category.service_code,
        "status": status,
        "status_label": labels[status],
        "open": status in OPEN_STATUSES,
        "area": area,
        "reported": timezone.localtime(created_at).date().isoformat(),
    }


def status_words() -> dict[str, str]:
    """Each status in the active language (translated once per response, not per row)."""
    return {str(status.value): str(status.label) for status in Status}


def public_properties(case: Case) -> dict[str, Any]:
    """What anyone may know about a public case (names in the active language)."""
    area = case.area.display_name if case.area else ""
    return _properties(case.reference, case.status, case.category, area, case.created_at)


def public_feature_collection(now: datetime | None = None, limit: int = MAP_LIMIT
                              ) -> dict[str, Any]:
    """Public cases with a place as GeoJSON Features (RFC 7946: lon, lat), newest first.

    Plain columns rather than model instances, and names looked up from the
    catalogue snapshot and the (small) area table: a full map is thousands
    of rows, and building a model per row would cost ten times as much.
    """
    categories = public_categories()
    areas = {a.pk: a.display_name for a in Area.objects.only("id", "name", "name_i18n")}
    labels = status_words()
    rows = list(public_cases(now).exclude(lat=None).values_list(*MAP_COLUMNS)[:limit + 1])
    features = []
    for reference, status, category_id, area_id, lat, lon, created_at in rows[:limit]:
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [
                round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)]},
            "properties": _properties(reference, status, categories[category_id],
                                      areas.get(area_id or 0, ""), created_at, labels),
        })
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}
