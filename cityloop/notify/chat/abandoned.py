"""Reports left half-way in a chat are forgotten after a day: the photos and words of a
report nobody finished are not kept for ever (the ``chat_abandoned`` periodic job)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from cityloop.notify.chat.conversation import reset
from cityloop.notify.chat.models import Conversation, Step
from cityloop.registry import PeriodicJob, periodic_jobs

KEEP = timedelta(days=1)
SWEEP_SECONDS = 3600


def sweep(now: datetime) -> str:
    """Reset every conversation in the middle of a report and untouched for a day."""
    stale = Conversation.objects.exclude(step=Step.IDLE).filter(updated_at__lt=now - KEEP)
    forgotten = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # Locked and checked again: the person may have answered just now.
            conversation = (Conversation.objects.select_for_update()
                            .filter(pk=pk, updated_at__lt=now - KEEP)
                            .exclude(step=Step.IDLE).first())
            if conversation is not None:
                reset(conversation)
                conversation.save()
                forgotten += 1
    return f"{forgotten} unfinished chat reports forgotten"


periodic_jobs.register(
    "chat_abandoned", "Forget chat reports left unfinished for a day, with their photos."
)(PeriodicJob(lambda: SWEEP_SECONDS, sweep))
