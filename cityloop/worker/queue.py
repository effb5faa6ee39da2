"""Claiming queued rows so that no two workers ever take the same one.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks rows no other worker
holds, then they are marked as claimed in the same transaction. SQLite:
Django ignores FOR UPDATE, but our SQLite transactions start IMMEDIATE,
which takes the database's single write lock, so the select-and-mark is
serialised across processes just the same.

A claim is a lease: a worker that dies mid-send leaves rows that become
claimable again once ``claimed_until`` passes.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cityloop.notify.models import Message, MessageStatus

LEASE = timedelta(minutes=5)


def claim_messages(worker_id: str, limit: int) -> list[int]:
    now = timezone.now()
    due = Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=MessageStatus.SENDING, claimed_until__lt=now
    )
    with transaction.atomic():
        ids = list(
            Message.objects.filter(due)
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Message.objects.filter(id__in=ids).update(
                status=MessageStatus.SENDING, claimed_by=worker_id, claimed_until=now + LEASE
            )
    return ids
