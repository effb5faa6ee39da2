"""The daily digest: one email per digest follower with what changed since the last.

Each waiting ``DigestItem`` is put in exactly one message: the message is
created and the items marked with it in one transaction, so a digest never
repeats a change and a crash in between sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from cityloop.notify.follow import subscriptions
from cityloop.notify.follow.models import DigestItem, Subscription
from cityloop.notify.models import Kind, Message
from cityloop.registry import PeriodicJob, periodic_jobs

DIGEST_SECONDS = 24 * 3600


def send_digests(now: datetime) -> int:
    """Queue one digest per subscription with waiting items; how many were queued."""
    waiting = (DigestItem.objects.filter(message__isnull=True,
                                         subscription__confirmed_at__isnull=False)
               .values_list("subscription_id", flat=True).distinct())
    queued = 0
    for subscription_id in sorted(set(waiting)):
        with transaction.atomic():
            subscription = (Subscription.objects.select_for_update()
                            .filter(pk=subscription_id).first())
            if subscription is None:
                continue  # left meanwhile
            items = DigestItem.objects.filter(subscription=subscription, message__isnull=True)
            if not items.exists():
                continue  # another worker took them
            message = Message.objects.create(
                kind=Kind.FOLLOW_DIGEST, subscription=subscription, transport="email",
                target=subscription.email, language=subscription.language,
                next_attempt_at=now, created_at=now)
            items.update(message=message)
            queued += 1
    return queued


def _run(now: datetime) -> str:
    queued = send_digests(now)
    forgotten = subscriptions.forget_unconfirmed(now)
    return f"{queued} digests queued, {forgotten} unconfirmed subscriptions forgotten"


periodic_jobs.register(
    "follow_digest",
    "Queue the daily email of followers who chose a digest; forget unconfirmed subscriptions.",
)(PeriodicJob(lambda: DIGEST_SECONDS, _run))
