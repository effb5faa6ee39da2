"""The daily digest: one email per digest follower with what changed since the last.

Each waiting ``DigestItem`` is put in exactly one message: the message is
created and the items marked with it in one transaction, so a digest never
repeats a change and a crash in between sends nothing twice.

The job runs every hour, and a follower's digest goes out on the first run
after ``CITYLOOP_FOLLOW_DIGEST_HOUR`` (the city's local time) unless one went
out since that hour: one email a day at a predictable time, which a worker
that was down at that hour still sends when it is back.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cityloop.notify.follow import subscriptions
from cityloop.notify.follow.models import DigestItem, Subscription
from cityloop.notify.models import Kind, Message
from cityloop.registry import PeriodicJob, periodic_jobs

RUN_SECONDS = 3600


def digest_time(now: datetime) -> datetime:
    """The latest digest hour at or before ``now``: today's if it has come, else yesterday's."""
    local = timezone.localtime(now)
    at = local.replace(hour=settings.FOLLOW_DIGEST_HOUR, minute=0, second=0, microsecond=0)
    return at if at <= local else at - timedelta(days=1)


def send_digests(now: datetime) -> int:
    """Queue one digest per subscription with waiting items and no digest since the last
    digest hour; how many were queued."""
    since = digest_time(now)
    # Not null: NOT IN over a list holding a null keeps no row at all.
    sent = (Message.objects.filter(kind=Kind.FOLLOW_DIGEST, created_at__gte=since,
                                   subscription__isnull=False)
            .values("subscription_id"))
    waiting = (DigestItem.objects.filter(message__isnull=True,
                                         subscription__confirmed_at__isnull=False)
               .exclude(subscription_id__in=sent)
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
    "Queue the daily email of followers who chose a digest, after the digest hour; forget "
    "unconfirmed subscriptions.",
)(PeriodicJob(lambda: RUN_SECONDS, _run))
