"""What the city is working on, for the home page: a few counts and recent public updates.

Public by construction: counts carry no personal data, and the updates are
only those of public categories, with text only when the city wrote it (a
citizen's own words may name people, so they are never repeated here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.text import Truncator

from cityloop.cases.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActorKind,
    Case,
    CaseEvent,
    Channel,
)
from cityloop.cases.policy import public
from cityloop.web.citizen.tracking import describe, shown_text
from cityloop.web.staff.source import private_sensor_cases

UPDATES_SHOWN = 5
TEXT_CHARS = 200


@dataclass(frozen=True)
class PublicUpdate:
    at: datetime
    reference: str
    category: str
    place: str
    title: str
    status: str
    done: bool  # the city's work on it is over (resolved, closed...)
    text: str


@dataclass(frozen=True)
class Overview:
    open_cases: int
    resolved_this_month: int
    updates: list[PublicUpdate]


def month_start(now: datetime) -> datetime:
    """Midnight on the first of the month, in the city's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def overview(now: datetime | None = None) -> Overview:
    now = now or timezone.now()
    return Overview(
        open_cases=Case.objects.filter(status__in=OPEN_STATUSES).count(),
        resolved_this_month=Case.objects.filter(resolved_at__gte=month_start(now)).count(),
        updates=recent_updates(),
    )


def recent_updates(limit: int = UPDATES_SHOWN) -> list[PublicUpdate]:
    events = list(
        CaseEvent.objects.filter(public.case_in_public_category("case__"))
        .filter(public.PUBLIC_EVENT)
        .select_related("case__category", "case__area")
        .order_by("-at", "-id")[:limit]
    )
    # A private sensor's alert updates carry its readings: status only.
    quiet = private_sensor_cases({e.case_id for e in events if e.case.channel == Channel.SENSOR})
    updates = []
    for event in events:
        case = event.case
        title, status = describe(event)
        city_said = (event.actor_kind in (ActorKind.STAFF, ActorKind.SYSTEM)
                     and case.pk not in quiet)
        updates.append(PublicUpdate(
            at=event.at,
            reference=case.reference,
            category=case.category.display_name,
            place=case.area.display_name if case.area else "",
            title=title,
            status=status,
            done=event.to_status in CLOSED_STATUSES,
            text=Truncator(shown_text(event)).chars(TEXT_CHARS) if city_said else "",
        ))
    return updates
