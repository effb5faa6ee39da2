"""From a pattern of cases to asking the residents: a draft consultation about a case.

Staff who see the same problem come back (a hotspot's incident case, a case
that keeps reopening) ask the people who live there what they need before
acting (问需于民): this makes an unpublished map survey over the case's
district, with a first set of questions, linked to the case, for staff to
edit, date and publish in the admin.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cityloop.cases.models import Case
from cityloop.geo.models import Area
from cityloop.i18n import pick
from cityloop.participation import audit
from cityloop.participation.models import EventKind, Process, ProcessKind, Question, Survey
from cityloop.participation.work import User


def _district(case: Case) -> Area | None:
    area = case.area
    while area is not None and area.parent_id is not None and area.level != "district":
        area = area.parent
    return area


def _texts(case: Case, language: str) -> dict[str, str]:
    with translation.override(language):
        category = pick(case.category.name, case.category.name_i18n, language)
        area = _district(case)
        place = pick(area.name, area.name_i18n, language) if area else ""
        return {
            "title": _("%(category)s in %(place)s: what would help?")
            % {"category": category, "place": place or _("the city")},
            "summary": _("Residents keep reporting %(category)s here (case %(reference)s). "
                         "Before deciding what to do, the city asks the people who live "
                         "here.") % {"category": category.lower(), "reference": case.reference},
            "where": _("Where is it worst? Put a point on the map, with a comment."),
            "how": _("How much does it affect you?"),
            "idea": _("What would you do about it?"),
        }


def from_case(case: Case, user: User, *, now: datetime | None = None) -> Process:
    """A draft survey process about ``case``, in every language the city speaks."""
    now = now or timezone.now()
    default = settings.LANGUAGE_CODE
    texts = {code: _texts(case, code) for code, _name in settings.LANGUAGES}
    others = [code for code in texts if code != default]

    def i18n(key: str) -> dict[str, str]:
        return {code: texts[code][key] for code in others}

    with transaction.atomic():
        process = Process.objects.create(
            slug=f"{slugify(case.reference)}-{secrets.token_hex(3)}", kind=ProcessKind.SURVEY,
            title=texts[default]["title"][:200], title_i18n=i18n("title"),
            summary=texts[default]["summary"], summary_i18n=i18n("summary"),
            area=_district(case), department=case.department, published=False)
        survey = Survey.objects.create(process=process, title=process.title,
                                       title_i18n=process.title_i18n, case=case)
        for position, (kind, key) in enumerate(
                [("point", "where"), ("scale", "how"), ("text", "idea")], start=1):
            Question.objects.create(survey=survey, position=position, kind=kind,
                                    text=texts[default][key], text_i18n=i18n(key))
        audit.record(EventKind.CONSULTATION, now, process=process, staff=user,
                     case=case.reference)
    return process
