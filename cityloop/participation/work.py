"""The case that carries out an accepted proposal or a selected budget project.

It is a case like any other, filed through ``cases.services.submit`` on the
``participation`` intake channel: routed by its category and place, with an
SLA clock, handled in the staff console. The proposal or project keeps the
link, and the case page shows it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as StaffUser
from django.utils.translation import gettext_lazy as _

from cityloop.cases.actors import Actor
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import Case
from cityloop.cases.services import Report, submit
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo import index
from cityloop.participation.errors import Refused
from cityloop.participation.intake import PARTICIPATION

User = AbstractBaseUser | AnonymousUser


def _user(user: User | None) -> StaffUser | None:
    """The signed-in staff member (for a foreign key), or None."""
    return user if isinstance(user, StaffUser) and user.is_authenticated else None


@dataclass(frozen=True)
class Work:
    title: str
    body: str
    category: ServiceCategory | None
    lat: float | None
    lon: float | None
    area_id: int | None
    language: str


def open_case(work: Work, user: User, now: datetime) -> Case:
    """The case for ``work``; ``Refused`` when it has no category or no place to go to."""
    if work.category is None:
        raise Refused("category_required", _("Choose the category of the work, so that it "
                                             "goes to the right department."),
                      field="category")
    lat, lon = work.lat, work.lon
    if (lat is None or lon is None) and work.area_id is not None:
        shape = index.shape_of(work.area_id)  # no point: a point inside its area
        if shape is not None:
            point = shape.representative_point()
            lat, lon = point.y, point.x
    if lat is None or lon is None:
        raise Refused("location_required", _("Give the place of the work on the map."),
                      field="location")
    report = Report(channel=PARTICIPATION.key, service_code=work.category.service_code,
                    description=f"{work.title}\n\n{work.body}", lat=lat, lon=lon,
                    language=work.language, created_by=_user(user), actor=Actor.staff(user))
    try:
        return submit(report, now=now)
    except SubmissionRejected as rejected:
        raise Refused("case_refused", str(rejected)) from None
