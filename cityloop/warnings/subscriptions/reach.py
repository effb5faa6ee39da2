"""When a warning first reached someone, for "time from observation to first resident told".

The worker announces each successful delivery (``notify.hooks.message_sent``);
the first one of a warning's messages stamps its ``Fanout.first_sent_at`` with
one conditional UPDATE, so later deliveries (and concurrent workers) change
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count

from cityloop.notify.models import Message, MessageStatus
from cityloop.warnings.models import Warning
from cityloop.warnings.subscriptions.models import Fanout


def on_message_sent(message: Message, at: datetime, **_: Any) -> None:
    if message.warning_id is not None:
        Fanout.objects.filter(warning_id=message.warning_id,
                              first_sent_at__isnull=True).update(first_sent_at=at)


@dataclass(frozen=True)
class Reach:
    """How far a warning got: messages queued and sent, and how fast."""

    queued: int
    sent: int
    failed: int
    queued_at: datetime | None
    first_sent_at: datetime | None
    # Seconds from the observation that caused the warning (or its publication,
    # when no observation did) to the first resident told; None until then.
    seconds_to_first: float | None


def reach(warning: Warning) -> Reach:
    fanout = Fanout.objects.filter(warning=warning).first()
    counts = dict.fromkeys(MessageStatus.values, 0)
    for row in (Message.objects.filter(warning=warning).order_by().values("status")
                .annotate(n=Count("id"))):
        counts[row["status"]] = row["n"]
    start = warning.observed_at or warning.published_at
    first = fanout.first_sent_at if fanout else None
    return Reach(
        queued=fanout.queued if fanout else 0, sent=counts[MessageStatus.SENT],
        failed=counts[MessageStatus.FAILED], queued_at=fanout.queued_at if fanout else None,
        first_sent_at=first,
        seconds_to_first=(first - start).total_seconds() if first and start else None)
