"""Filing a chat's report: ``cases.services.submit`` and its photos, in one transaction.

The photos were checked and re-encoded by ``cases.photos.reencode`` when they
arrived (the checks of the web form's uploads); here they are stored on the
new case with ``cases.photos.store``, as the web form stores its own. Either
the case and all its photos are saved, or nothing is.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from cityloop.cases import photos, services
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import FieldProblem, SubmissionRejected
from cityloop.cases.media import discard_files
from cityloop.cases.models import Case, CaseMedia, MediaKind
from cityloop.notify.chat.models import Conversation, ConversationPhoto, Step

CHANNEL = "chat"  # the intake channel (notify.chat.intake)
LOCATION_FIELDS = ("lat", "long", "address_string")


class Refused(Exception):
    """``submit`` said no: what to tell the person, and the step that fixes it."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        self.message = " ".join(p.message for p in problems)
        self.step = _step_for(problems)
        super().__init__(self.message)

    @property
    def answers_refused(self) -> list[str]:
        """The codes of the category's questions whose answers were refused."""
        return [p.field[len("attribute["):-1] for p in self.problems
                if p.field.startswith("attribute[")]


def _step_for(problems: list[FieldProblem]) -> str:
    fields = {p.field for p in problems}
    if fields & set(LOCATION_FIELDS):
        return Step.LOCATION
    if "description" in fields:
        return Step.DESCRIPTION
    if any(f.startswith("attribute[") for f in fields):
        return Step.QUESTION
    return Step.CATEGORY


def report(conversation: Conversation) -> services.Report:
    return services.Report(
        channel=CHANNEL,
        service_code=conversation.category,
        description=conversation.description,
        lat=conversation.lat,
        lon=conversation.lon,
        address=conversation.address,
        attributes=dict(conversation.answers or {}),
        contact=ContactInfo(chat=conversation.address_key, language=conversation.language),
        language=conversation.language,
    )


def file(conversation: Conversation) -> Case:
    """Open the case with the conversation's photos; ``Refused`` saves nothing."""
    clean = [ContentFile(bytes(photo.data), name=f"{uuid.uuid4().hex}.jpg")
             for photo in ConversationPhoto.objects.filter(conversation=conversation)]
    stored: list[CaseMedia] = []
    try:
        with transaction.atomic():
            case = services.submit(report(conversation))
            # Like the web form's: seen by staff, public only once they approve.
            stored = photos.store(case, clean, MediaKind.BEFORE, public=False,
                                  now=case.created_at)
    except SubmissionRejected as exc:
        raise Refused(exc.problems) from None
    except Exception:
        discard_files(stored)
        raise
    return case


def public_link(case: Case) -> str:
    """The case's public page, which anyone may open (no private token in it)."""
    return settings.PUBLIC_URL + reverse("public_case", args=[case.reference])
