"""A report's public page (/cases/<reference>/) and finding a report by its reference.

Anyone may open it, so it shows only what ``cases.policy.public`` allows:
status, category and dates always; for a case of a public category also its
area, an approximate place, its description and the photos approved for
the public. Never a contact, a staff name or an internal note. Of the
timeline, a status change always shows; its words only when the city wrote
them (a resident's own words may name people, as on the home page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from cityloop.analytics.opendata import COORDINATE_DECIMALS
from cityloop.cases.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActorKind,
    Case,
    CaseEvent,
    CaseMedia,
    Channel,
    MediaKind,
    Status,
)
from cityloop.cases.policy import public
from cityloop.web.citizen import wording
from cityloop.web.citizen.tracking import describe, shown_text
from cityloop.web.staff import source
from cityloop.web.staff.participation.links import Carried, carried_out

MAX_REFERENCE = 20  # Case.reference's length
# 2026-000123, and what people make of it: "2026 123", "2026000123", " 2026-123 ".
_LOOSE_REFERENCE = re.compile(r"^(\d{4})[\s\-_./]*(\d{1,6})$")


def normalise(text: str) -> str:
    """The reference a person meant: spaces and case ignored, the number padded.

    Text that does not look like ``YEAR-NUMBER`` comes back stripped and
    upper-cased, so a reference of another form (an imported case's) is
    still found when typed exactly.
    """
    squeezed = re.sub(r"\s+", " ", text.strip())[:40]
    match = _LOOSE_REFERENCE.match(squeezed)
    if match:
        return f"{match.group(1)}-{int(match.group(2)):06d}"
    return squeezed.replace(" ", "").upper()[:MAX_REFERENCE]


def find(reference: str) -> Case | None:
    if not reference or len(reference) > MAX_REFERENCE:
        return None
    return (Case.objects.select_related("category", "area")
            .filter(reference=reference).first())


@dataclass(frozen=True)
class PublicEntry:
    at: datetime
    title: str
    status: str
    done: bool
    text: str  # only the city's own words


@dataclass(frozen=True)
class PublicCase:
    case: Case
    status_label: str
    is_open: bool
    details: bool  # place, description and photos may be shown
    area: str
    lat: float | None
    lon: float | None
    description: str
    timeline: list[PublicEntry]
    before: list[CaseMedia]
    after: list[CaseMedia]
    me_too: int  # how many said "me too"
    can_follow: bool
    carries_out: list[Carried]  # the residents' proposals and budget projects it carries out


def timeline(case: Case, *, details: bool) -> list[PublicEntry]:
    events = (CaseEvent.objects.filter(case=case).filter(public.PUBLIC_EVENT)
              .order_by("seq"))
    entries = []
    for event in events:
        title, status = describe(event)
        city_said = event.actor_kind in (ActorKind.STAFF, ActorKind.SYSTEM)
        text = shown_text(event) if details and city_said else ""
        if not (status or text):
            # A resident's added information: that it happened is theirs to know.
            continue
        entries.append(PublicEntry(at=event.at, title=title, status=status,
                                   done=event.to_status in CLOSED_STATUSES, text=text))
    return entries


def photos(case: Case) -> dict[str, list[CaseMedia]]:
    """The photos anyone may see, as reported ("before") and after the work."""
    shown: dict[str, list[CaseMedia]] = {"before": [], "after": []}
    if not public.shows_details(case.category):
        return shown
    # Through the case, so each photo knows its case (no query per photo).
    media = (case.media.filter(public.PUBLIC_PHOTO)
             .filter(~Q(file="") | ~Q(url=""))
             .order_by("created_at", "id"))
    for item in media:
        if public.photo_is_public(item):
            shown["after" if item.kind == MediaKind.AFTER else "before"].append(item)
    return shown


def page(case: Case) -> PublicCase:
    details = public.shows_details(case.category)
    placed = details and case.lat is not None and case.lon is not None
    shown = photos(case)
    # A private sensor's alert texts carry its name and readings: status only.
    private = case.channel == Channel.SENSOR and bool(source.private_sensor_cases([case.pk]))
    return PublicCase(
        case=case,
        status_label=str(Status(case.status).label),
        is_open=case.status in OPEN_STATUSES,
        details=details,
        area=case.area.display_name if details and case.area else "",
        lat=round(case.lat, COORDINATE_DECIMALS) if placed and case.lat is not None else None,
        lon=round(case.lon, COORDINATE_DECIMALS) if placed and case.lon is not None else None,
        description=wording.description(case, private=private) if details else "",
        timeline=timeline(case, details=details and not private),
        before=shown["before"],
        after=shown["after"],
        me_too=CaseEvent.objects.filter(case=case, action="follow").count(),
        # The same test as the "me too" view's (``nearby.followable``).
        can_follow=details and case.status in OPEN_STATUSES,
        carries_out=carried_out(case, public=True),
    )
