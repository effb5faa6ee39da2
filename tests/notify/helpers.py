"""Sending one queued message the way a worker does, for the notify tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.notify.dispatch import deliver
from cityloop.notify.models import Message, MessageStatus

WORKER = "test-worker"


def claim(message: Message, worker: str = WORKER) -> None:
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, claimed_by=worker,
        claimed_until=timezone.now() + timedelta(minutes=5),
    )


def send(message: Message) -> str:
    """Claim ``message`` and deliver it; the outcome. ``message`` is refreshed."""
    claim(message)
    outcome = deliver(message.pk, WORKER)
    message.refresh_from_db()
    return outcome
