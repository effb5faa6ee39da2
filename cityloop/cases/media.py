"""Photos of a case as audited actions: staff adding photos, and approving a
citizen's photo for public display.

``photos`` checks and stores the files; this module makes each change to a
case's photos a lifecycle event, so the audit chain says who added a photo
and who decided a citizen's photo may be shown to the public (a photo can
show faces or number plates: that decision must be traceable).
"""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from cityloop.cases import lifecycle, photos
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseEvent, CaseMedia, MediaKind


def approve(case: Case, media: CaseMedia, actor: Actor) -> CaseEvent:
    """Show ``media`` (a citizen's photo of ``case``) on public pages; the event."""
    return lifecycle.transition(case, "approve_photo", actor, media=media)


def add(case: Case, uploads: list[UploadedFile], actor: Actor, *, kind: str = MediaKind.UPDATE,
        public: bool = False, note: str = "", now: datetime | None = None) -> list[CaseMedia]:
    """Store staff photos on ``case`` and record the addition, in one transaction.

    Raises ``photos.PhotoRejected`` or ``TransitionRefused``; then nothing
    is recorded (files already written are removed again).
    """
    now = now or timezone.now()
    stored: list[CaseMedia] = []
    try:
        with transaction.atomic():
            stored = photos.attach(case, uploads, kind, public=public, now=now)
            lifecycle.transition(case, "add_photos", actor, note=note, now=now,
                                 media_ids=[m.pk for m in stored])
    except Exception:
        discard_files(stored)
        raise
    return stored


def discard_files(media: list[CaseMedia]) -> None:
    """Remove the files of photos whose rows were rolled back (no orphans on disk)."""
    for item in media:
        if item.file:
            item.file.delete(save=False)
