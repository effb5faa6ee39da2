"""Photos of a case as audited actions: staff adding photos, and approving a
citizen's photo for public display.

``photos`` checks and stores the files; this module makes each change to a
case's photos a lifecycle event, so the audit chain says who added a photo
and who decided a citizen's photo may be shown to the public (a photo can
show faces or number plates: that decision must be traceable).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, photos
from cityloop.cases.actions import Context
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
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


def apply_approval(case: Case, ctx: Context) -> dict[str, Any]:
    """The ``approve_photo`` action: the photo becomes public."""
    media = ctx.params.get("media")
    if not isinstance(media, CaseMedia) or media.case_id != case.pk:
        raise TransitionRefused(_("Choose a photo of this case."), "media_required")
    if media.public:
        raise TransitionRefused(_("This photo is already public."), "already")
    media.public = True
    media.save(update_fields=["public"])
    return {"media": media.pk, "kind": media.kind}


def apply_addition(case: Case, ctx: Context) -> dict[str, Any]:
    """The ``add_photos`` action: records which photos were added."""
    ids = [int(m) for m in ctx.params.get("media_ids", [])]
    if not ids:
        raise TransitionRefused(_("Choose at least one photo."), "media_required")
    kinds = set(CaseMedia.objects.filter(case=case, pk__in=ids).values_list("kind", flat=True))
    return {"media": ids, "kind": ",".join(sorted(kinds))}
