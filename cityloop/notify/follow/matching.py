"""Who follows what an event changed: the ``cases.events`` listener for followers.

A report's followers hear of each public change (a change of status, or
words the city published); an area's and a radius's followers hear of each
new report there. A report of a sensitive category is never news to an area
or a radius: its place is not public. Everything is written in the event's
own transaction, so a change that is rolled back sends nothing.
"""

from __future__ import annotations

import math

from django.db.models import Q

from cityloop.cases.models import ActorKind, Case, CaseContact, CaseEvent
from cityloop.cases.policy import public
from cityloop.geo import index as area_index
from cityloop.notify.follow.models import DigestItem, Mode, Subscription, Target
from cityloop.notify.models import Kind, Message
from cityloop.notify.outbox import emails_told, is_suppressed

EARTH_RADIUS_M = 6_371_000
NEWS = "create"  # the action that makes a new report news to an area's followers


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): exact enough at a city's scale."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def _near(case: Case) -> Q:
    """Radius subscriptions whose centre is in a box around the report: a cheap first
    cut (2 km is at most 0.02° of latitude, and of longitude up to ~70° from the
    equator); ``_within`` then measures the distance."""
    assert case.lat is not None and case.lon is not None
    margin = 0.02 / max(math.cos(math.radians(case.lat)), 0.3)
    return Q(target=Target.RADIUS, lat__range=(case.lat - 0.02, case.lat + 0.02),
             lon__range=(case.lon - margin, case.lon + margin))


def _within(case: Case, subscription: Subscription) -> bool:
    if subscription.target != Target.RADIUS:
        return True
    lat, lon, radius = subscription.lat, subscription.lon, subscription.radius_m
    if lat is None or lon is None or not radius or case.lat is None or case.lon is None:
        return False
    return distance_m(case.lat, case.lon, lat, lon) <= radius


# The report's own followers first, then its areas', then those around it.
_TARGET_ORDER = {Target.CASE: 0, Target.AREA: 1, Target.RADIUS: 2}


def shown_publicly(event: CaseEvent, case: Case) -> bool:
    """Whether the report's public page shows ``event`` (``web.public.case_page``):
    a change of status, or words the city published on a public-category report.
    A resident's added information is theirs to know, not a follower's."""
    if event.from_status != event.to_status:
        return True
    return (bool(event.public_text) and event.actor_kind in (ActorKind.STAFF, ActorKind.SYSTEM)
            and public.shows_details(case.category))


def followers(event: CaseEvent, contacts: list[CaseContact] | None = None) -> list[Subscription]:
    """The confirmed subscriptions ``event`` is news to, one per address, leaving out the
    addresses the case's own contacts are written to for it (a "me too" who also
    follows the report hears of the change once)."""
    case = event.case
    if not shown_publicly(event, case):
        return []
    # One query for the report's, its areas' and its surroundings' followers: this
    # runs in every change's transaction, and most changes have none.
    wanted = Q(target=Target.CASE, case_id=case.pk)
    if event.action == NEWS and public.shows_details(case.category):
        wanted |= Q(target=Target.AREA, area_id__in=area_index.lineage(case.area_id))
        if case.lat is not None and case.lon is not None:
            wanted |= _near(case)
    found = [s for s in Subscription.objects.filter(wanted, confirmed_at__isnull=False)
             if _within(case, s)]
    if not found:
        return []  # most changes: nobody follows, and no contact need be looked up
    seen = emails_told(event, contacts)
    once = []
    # An address following the report and its area hears once; the first
    # immediate subscription wins, so nobody waits for a digest by accident.
    for subscription in sorted(found, key=lambda s: (s.mode != Mode.IMMEDIATE,
                                                     _TARGET_ORDER[Target(s.target)], s.pk)):
        if subscription.email.lower() not in seen:
            seen.add(subscription.email.lower())
            once.append(subscription)
    return once


def on_event_recorded(event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
    """Queue an email for each immediate follower, a digest item for the others."""
    if is_suppressed():
        return
    messages, items = [], []
    for subscription in followers(event, contacts):
        if subscription.mode == Mode.DIGEST:
            items.append(DigestItem(subscription=subscription, event=event, created_at=event.at))
        else:
            messages.append(Message(
                kind=Kind.FOLLOW_CHANGE, case_id=event.case_id, event=event,
                subscription=subscription, transport="email", target=subscription.email,
                language=subscription.language, next_attempt_at=event.at,
                created_at=event.at))
    if messages:
        Message.objects.bulk_create(messages)
    if items:
        DigestItem.objects.bulk_create(items, ignore_conflicts=True)
