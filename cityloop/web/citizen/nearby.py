"""Where a pin is, and what has already been reported near it.

``where`` tells the citizen, as soon as the pin drops, whether the city looks
after that place (the same check ``services.submit`` makes, so the answer
agrees). ``open_nearby`` lists what is already reported around the pin
(``possible_duplicates``: the open cases of the same kind, once a category
is chosen; ``open_cases_near``: every open case, before), so the citizen can
say "me too" instead of writing a new report; it shows only what public
pages may show (no sensitive categories, no personal data), and ``follow``
records the "me too" through the lifecycle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, routing, suggest
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import OPEN_STATUSES, Case, Channel, Status
from cityloop.cases.policy import public
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo.models import Area
from cityloop.geo.places.search import separator
from cityloop.web.citizen import picker, wording
from cityloop.web.staff.source import private_sensor_cases

EXCERPT_CHARS = 160
NEAR_M = 200.0  # "nearby" before a category is chosen: what a street's length shows
NEAR_LIMIT = 10


@dataclass(frozen=True)
class Place:
    ok: bool
    name: str = ""  # "East S Street, East District"
    code: str = ""  # the domain's problem code when not ok: outside_city, invalid
    message: str = ""


def where(lat: str, lon: str) -> Place:
    """The named areas at a point, smallest first, or why the point cannot be used."""
    try:
        hits = routing.locate_all(lat, lon)
    except SubmissionRejected as exc:
        problem = exc.problems[0]
        message = problem.message if problem.code == "outside_city" else _(
            "The position could not be read. Put the pin on the map again."
        )
        return Place(False, code=problem.code, message=message)
    names = {a.pk: a.display_name for a in Area.objects.filter(pk__in=[h.id for h in hits])}
    # The city itself goes without saying; street and district locate the pin.
    local = [names[h.id] for h in reversed(hits) if h.depth > 0 and h.id in names]
    return Place(True, name=separator().join(local) or names.get(hits[0].id, ""))


@dataclass(frozen=True)
class NearbyCase:
    reference: str
    category: str
    excerpt: str
    status: str
    created_at: datetime
    distance_m: int
    lat: float
    lon: float


def possible_duplicates(category: ServiceCategory, lat: float, lon: float,
                        now: datetime, text: str = "") -> list[NearbyCase]:
    """Open cases of ``category`` near the point, nearest first; none for sensitive ones."""
    if not public.shows_details(category):
        return []
    return _shown(suggest.possible_duplicates(category, lat, lon, now, text=text), lat, lon)


def open_cases_near(lat: float, lon: float) -> list[NearbyCase]:
    """Open cases of any public category near the point, nearest first.

    Before a category is chosen there is nothing to rank by but distance:
    like FixMyStreet's map, the citizen sees what is already reported around
    the pin, whatever its kind.
    """
    dlat = NEAR_M / 111_320.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    candidates = (Case.objects.select_related("category")
                  .filter(status__in=OPEN_STATUSES, category__isnull=False,
                          lat__range=(lat - dlat, lat + dlat),
                          lon__range=(lon - dlon, lon + dlon))
                  .order_by("-created_at")[:200])
    ranked = sorted((c for c in candidates
                     if suggest.distance_m(lat, lon, c.lat or 0.0, c.lon or 0.0) <= NEAR_M),
                    key=lambda c: suggest.distance_m(lat, lon, c.lat or 0.0, c.lon or 0.0))
    return _shown(ranked, lat, lon)[:NEAR_LIMIT]


def _shown(cases: list[Case], lat: float, lon: float) -> list[NearbyCase]:
    """What a public page may show of each case: none of sensitive categories (not even
    where they are), and a private sensor's case without its readings."""
    private = private_sensor_cases([c.pk for c in cases if c.channel == Channel.SENSOR])
    found = []
    for case in cases:
        if (case.category is None or not public.shows_details(case.category)
                or case.lat is None or case.lon is None):
            continue
        distance = suggest.distance_m(lat, lon, case.lat, case.lon)
        found.append(NearbyCase(
            reference=case.reference,
            category=case.category.display_name,
            excerpt=Truncator(wording.description(case, private=case.pk in private)
                              ).chars(EXCERPT_CHARS),
            status=str(Status(case.status).label),
            created_at=case.created_at,
            # Rounded: "about 40 m" is what a person can use.
            distance_m=int(round(distance / 10.0) * 10),
            lat=case.lat,
            lon=case.lon,
        ))
    return found


def _point(lat: str, lon: str) -> tuple[float, float] | None:
    """The pin from the form's text, if it is inside the city."""
    if not lat or not lon:
        return None
    try:
        hits = routing.locate_all(lat, lon)
    except SubmissionRejected:
        return None
    return (float(lat), float(lon)) if hits else None


def duplicates_for(code: str, lat: str, lon: str, now: datetime,
                   text: str = "") -> list[NearbyCase]:
    """``possible_duplicates`` from the form's text values; [] when they are incomplete."""
    category = picker.chosen_category(code)
    point = _point(lat, lon)
    if category is None or point is None:
        return []
    return possible_duplicates(category, point[0], point[1], now, text)


def open_nearby(code: str, lat: str, lon: str, now: datetime,
                text: str = "") -> list[NearbyCase]:
    """What the report form lists under the map: with a category chosen, the cases
    this report may duplicate; without one, the open cases around the pin."""
    if code:
        return duplicates_for(code, lat, lon, now, text)
    point = _point(lat, lon)
    return open_cases_near(*point) if point else []


class NotFollowable(Exception):
    """No open public case with that reference (a "me too" needs one)."""


def followable(reference: str) -> Case:
    """The case a citizen may say "me too" to: it exists and is of a public category."""
    case = (Case.objects.select_related("category", "department")
            .filter(reference=reference[:20]).first())
    if case is None or not public.shows_details(case.category):
        # Sensitive cases are never listed, so nobody needs to follow one
        # by its reference; refusing them also stops probing for them.
        raise NotFollowable(reference)
    return case


def follow(reference: str, contact: ContactInfo) -> Case:
    """Count a "me too" on the case; raises ``NotFollowable`` or ``TransitionRefused``."""
    case = followable(reference)
    lifecycle.transition(case, "follow", Actor.citizen(), contact=contact)
    return case
