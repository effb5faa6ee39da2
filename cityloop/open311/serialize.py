"""Cases and their public updates as Open311 service requests.

Privacy (a hard rule, DESIGN.md "People-centred principles"):

- No reporter contact details ever: the queries select no contact columns.
- No internal notes: only ``public_text`` of events is read.
- Sensitive categories (``ServiceCategory.is_public`` false: noise, "other"
  problems, ...) often point at someone's home. Their requests carry no
  ``lat``, ``long``, ``address``, ``address_id`` or media at all, and an
  empty ``description``. Their status, category, department, dates, public
  updates and area code (a district or street, never a point) remain, so
  the city's work on them is still accountable.

Field order follows GeoReport v2, GET Service Requests; ``extensions=true``
adds ``extended_attributes`` and ``notes`` (the public timeline), as
implemented by Chicago and others (GeoReport v2 Extensions wiki page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone

from cityloop.cases.models import OPEN_STATUSES
from cityloop.cases.policy import public
from cityloop.catalogue import snapshot
from cityloop.open311 import queries
from cityloop.open311.catalog import service_notice

_OPEN = frozenset(str(s) for s in OPEN_STATUSES)


def w3c(moment: datetime, tz: tzinfo | None = None) -> str:
    """A datetime with its offset, in the city's time zone: 2026-03-01T14:30:00+08:00."""
    return moment.astimezone(tz or timezone.get_default_timezone()).isoformat(timespec="seconds")


def open311_status(detailed: str) -> str:
    return "open" if detailed in _OPEN else "closed"


@dataclass(frozen=True)
class _Service:
    code: str
    name: str
    notice: str
    public: bool


class _Lookup:
    """Categories and departments by primary key, each put into words once per response.

    A page holds up to a thousand requests of a few dozen categories:
    translating names per category rather than per row keeps the page fast.
    """

    def __init__(self) -> None:
        snap = snapshot.current()
        self._categories = {c.pk: c for c in snap.categories.values()}
        self._departments = snap.departments
        self._services: dict[int, _Service] = {}
        self._agencies: dict[int, tuple[str, str]] = {}
        self.tz = timezone.get_default_timezone()

    def service(self, pk: int) -> _Service:
        found = self._services.get(pk)
        if found is None:
            c = self._categories[pk]
            found = _Service(c.service_code, c.display_name, service_notice(c),
                             public.shows_details(c))
            self._services[pk] = found
        return found

    def agency(self, pk: int) -> tuple[str, str]:
        """(code, name) of a department."""
        found = self._agencies.get(pk)
        if found is None:
            department = self._departments.get(pk)
            found = (department.code, department.display_name) if department else ("", "")
            self._agencies[pk] = found
        return found


def requests(rows: list[dict[str, Any]], extended: bool) -> list[dict[str, Any]]:
    """Case rows (``queries.case_rows``) as service requests."""
    lookup = _Lookup()
    ids = [row["id"] for row in rows]
    events: dict[int, list[dict[str, Any]]] = {}
    if extended:
        public_ids = [row["id"] for row in rows if lookup.service(row["category_id"]).public]
        photos = queries.public_photos(public_ids) if public_ids else {}
        events = queries.public_events(ids) if ids else {}
        notes = {case_id: _latest_text(history) for case_id, history in events.items()}
        areas = queries.area_codes(row["area_id"] for row in rows)
    else:
        # The page query brought the latest note and first photo's id along.
        notes = {row["id"]: row["status_notes"] or "" for row in rows}
        first = queries.photos_by_id([row["photo_id"] for row in rows if row["photo_id"]
                                      and lookup.service(row["category_id"]).public])
        photos = {case_id: [url] for case_id, url in first.values()}
    out = []
    for row in rows:
        case_photos = photos.get(row["id"], [])
        item = _request(row, lookup, notes.get(row["id"], ""), case_photos)
        if extended:
            item["extended_attributes"] = _extended(row, lookup, areas, case_photos)
            item["notes"] = [_note(e, lookup) for e in events.get(row["id"], [])]
        out.append(item)
    return out


def _latest_text(history: list[dict[str, Any]]) -> str:
    return next((e["public_text"] for e in reversed(history) if e["public_text"]), "")


def _request(
    row: dict[str, Any], lookup: _Lookup, status_notes: str, photos: list[str]
) -> dict[str, Any]:
    service = lookup.service(row["category_id"])
    tz = lookup.tz
    item: dict[str, Any] = {
        "service_request_id": row["reference"],
        "status": "open" if row["status"] in _OPEN else "closed",
        "status_notes": status_notes,
        "service_name": service.name,
        "service_code": service.code,
        "description": row["description"] if service.public else "",
        "agency_responsible": lookup.agency(row["department_id"])[1],
        "service_notice": service.notice,
        "requested_datetime": row["created_at"].astimezone(tz).isoformat(timespec="seconds"),
        "updated_datetime": row["updated_at"].astimezone(tz).isoformat(timespec="seconds"),
        "expected_datetime": row["due_at"].astimezone(tz).isoformat(timespec="seconds"),
    }
    if service.public:
        item["address"] = row["address"]
        item["address_id"] = row["address_id"]
        item["zipcode"] = ""
        item["lat"] = row["lat"]
        item["long"] = row["lon"]
        item["media_url"] = photos[0] if photos else ""
    else:
        item["zipcode"] = ""
    return item


def _extended(
    row: dict[str, Any], lookup: _Lookup, areas: dict[int, str], photos: list[str]
) -> dict[str, Any]:
    extended: dict[str, Any] = {
        "reference": row["reference"],
        "channel": row["channel"],
        "detailed_status": row["status"],
        "priority": row["priority"],
        "department": lookup.agency(row["department_id"])[0],
        "area": areas.get(row["area_id"]) if row["area_id"] else None,
        # Sensitive categories have none: their photos were never fetched.
        "photos": photos,
    }
    if row["rating"] is not None:
        extended["rating"] = row["rating"]
    return extended


def _note(event: dict[str, Any], lookup: _Lookup) -> dict[str, Any]:
    return {
        "datetime": w3c(event["at"], lookup.tz),
        "status": open311_status(event["to_status"]),
        "detailed_status": event["to_status"],
        "description": event["public_text"],
        "action": event["action"],
    }


def updates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Public updates (``queries.update_rows``) in FixMyStreet's servicerequestupdates shape.

    An update's ``media_url`` is the first public photo its event names
    (``resolve`` records the photos of the finished work); none for
    sensitive categories.
    """
    lookup = _Lookup()
    wanted = {
        row["id"]: _media_ids(row) for row in rows
        if lookup.service(row["case__category_id"]).public
    }
    photos = queries.photos_by_id([m for ids in wanted.values() for m in ids])
    out = []
    for row in rows:
        urls = [photos[m][1] for m in wanted.get(row["id"], [])
                if m in photos and photos[m][0] == row["case_id"]]
        out.append({
            "update_id": str(row["id"]),
            "service_request_id": row["case__reference"],
            "status": open311_status(row["to_status"]),
            "updated_datetime": w3c(row["at"], lookup.tz),
            "description": row["public_text"],
            "media_url": urls[0] if urls else "",
            "external_status_code": row["to_status"],
        })
    return out


def _media_ids(row: dict[str, Any]) -> list[int]:
    data = row["data"] if isinstance(row["data"], dict) else {}
    media = data.get("media")
    if not isinstance(media, list):
        return []
    return [int(m) for m in media if isinstance(m, int) or (isinstance(m, str) and m.isdigit())]
