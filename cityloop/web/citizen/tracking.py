"""A citizen's own case, opened by its private tracking token.

The tracking page shows what the city has said publicly about the case
(status changes and public updates; never internal notes, never who among
the staff did it), the photos the citizen may see, and lets the citizen add
information while the case is open and rate the resolution once it is done.
Every change goes through ``lifecycle.transition``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, photos
from cityloop.cases.actions import action_label
from cityloop.cases.actors import Actor
from cityloop.cases.media import discard_files
from cityloop.cases.models import (
    CLOSED_STATUSES,
    ActorKind,
    Case,
    CaseEvent,
    CaseMedia,
    MediaKind,
    Status,
)
from cityloop.cases.policy import public
from cityloop.web.citizen.wording import in_page_language

# A token is secrets.token_urlsafe(32): 43 characters. Anything much longer
# is not a token; it is refused before the database is asked.
MAX_TOKEN = 64
BAD_RATING = 2  # a rating of 1 or 2 reopens the case (actions._rate)


def find(token: str) -> Case | None:
    """The case whose tracking token is exactly ``token``, else None."""
    if not token or len(token) > MAX_TOKEN:
        return None
    # One lookup through the unique index: the time taken does not depend on
    # how much of a guessed token is right.
    return (Case.objects.select_related("category", "department", "area")
            .filter(tracking_token=token).first())


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    title: str  # what happened, "" when the status says it all
    status: str  # the new status's label when the status changed, else ""
    done: bool
    text: str  # the public update
    by: str


def _by(event: CaseEvent) -> str:
    # Staff names stay inside the city hall: the citizen sees who in
    # general terms only.
    labels: dict[str, str] = {
        ActorKind.CITIZEN: _("You"),
        ActorKind.STAFF: _("City staff"),
        ActorKind.SYSTEM: _("Automatic"),
        ActorKind.CLIENT: _("Reporting app"),
    }
    return labels.get(event.actor_kind, _("City staff"))


# Actions whose name only repeats the new status ("resolve" → Resolved): the
# timeline shows the status alone for them.
SAID_BY_STATUS = {"assign", "start", "resolve", "close", "reject", "mark_duplicate", "reopen"}


def describe(event: CaseEvent) -> tuple[str, str]:
    """What a public event is called: (title, new status label); either may be ""."""
    changed = event.from_status != event.to_status and event.to_status in Status.values
    status = str(Status(event.to_status).label) if changed else ""
    title = "" if changed and event.action in SAID_BY_STATUS else capfirst(
        action_label(event.action))
    return title, status


def shown_text(event: CaseEvent) -> str:
    """The event's public update as a resident's page shows it: CityLoop's own
    (alerts, written in every language) in the page's language only."""
    if event.actor_kind == ActorKind.SYSTEM:
        return in_page_language(event.public_text)
    return event.public_text


def public_timeline(case: Case) -> list[TimelineEntry]:
    """The public events of the case, oldest first."""
    events = CaseEvent.objects.filter(case=case).filter(public.PUBLIC_EVENT).order_by("seq")
    entries = []
    for event in events:
        if not event.is_public:
            continue
        title, status = describe(event)
        entries.append(TimelineEntry(
            at=event.at,
            title=title,
            status=status,
            done=event.to_status in CLOSED_STATUSES,
            text=shown_text(event),
            by=_by(event),
        ))
    return entries


def visible_photos(case: Case) -> dict[str, list[CaseMedia]]:
    """The photos the reporter may see: their own ("before"), the city's "after" ones,
    and any other photo staff made public."""
    # Through the case, so each photo knows its case (``photos.url_for`` asks it).
    media = case.media.exclude(file="").filter(
        Q(kind__in=(MediaKind.BEFORE, MediaKind.AFTER)) | Q(public=True)
    ).order_by("created_at", "id")
    shown: dict[str, list[CaseMedia]] = {"before": [], "after": []}
    for item in media:
        shown["after" if item.kind == MediaKind.AFTER else "before"].append(item)
    return shown


def photo_of(case: Case, media_id: int) -> CaseMedia | None:
    """A photo of ``case`` the reporter may see, by its id."""
    for items in visible_photos(case).values():
        for item in items:
            if item.pk == media_id:
                return item
    return None


def add_info(case: Case, text: str, uploads: list[UploadedFile],
             now: datetime | None = None) -> CaseEvent:
    """The citizen's extra information (and photos) on an open case, all or nothing.

    Raises ``TransitionRefused`` (closed case, no text) or ``PhotoRejected``.
    """
    now = now or timezone.now()
    stored: list[CaseMedia] = []
    try:
        with transaction.atomic():
            event = lifecycle.transition(case, "add_info", Actor.citizen(),
                                         public_text=text, now=now)
            if uploads:
                # The citizen's photos of the problem, like those sent with
                # the report: seen by staff, public only once approved.
                stored = photos.attach(case, uploads, MediaKind.BEFORE, public=False, now=now)
    except Exception:
        discard_files(stored)
        raise
    return event


def rate(case: Case, rating: int, comment: str, now: datetime | None = None) -> bool:
    """Record the citizen's rating; True when it reopened the case.

    Raises ``TransitionRefused`` when the case is not awaiting a rating.
    """
    lifecycle.transition(case, "rate", Actor.citizen(), rating=rating, comment=comment,
                         now=now)
    return rating <= BAD_RATING


def can_rate(case: Case) -> bool:
    return case.status == Status.RESOLVED and case.rating is None
