"""Sending one claimed message: a Delivery row first, the attempt, then its outcome.

Retries back off exponentially; a permanent failure stops retrying, and
a channel that fails permanently is disabled with the reason shown in the
admin, so nobody wonders why a department stopped hearing from us.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cityloop.notify import hooks
from cityloop.notify.channels.base import Outgoing, TransportError
from cityloop.notify.follow import render as follow_render
from cityloop.notify.models import (
    Delivery,
    Message,
    MessageStatus,
    NotificationChannel,
    Outcome,
)
from cityloop.notify.outbox import channels_changed
from cityloop.notify.render import render
from cityloop.registry import notification_transports

log = logging.getLogger(__name__)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=6)


def backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min ... up to 6 h, with jitter so retries do not bunch up."""
    wait = min(FIRST_RETRY * (2 ** max(attempt - 1, 0)), LONGEST_WAIT)
    return wait * random.uniform(0.8, 1.2)


def deliver(message_id: int, worker_id: str) -> str:
    """Send one message claimed by ``worker_id``; the delivery's outcome."""
    message = Message.objects.select_related("channel", "event").get(pk=message_id)
    if message.status != MessageStatus.SENDING or message.claimed_by != worker_id:
        return Outcome.PENDING  # the claim lapsed and another worker took it
    attempt = message.attempts + 1
    started = timezone.now()
    delivery = Delivery.objects.create(
        message=message, attempt=attempt, worker=worker_id, started_at=started
    )
    Message.objects.filter(pk=message.pk).update(attempts=attempt)
    clock = time.monotonic()
    error, permanent = "", False
    try:
        transport = notification_transports.get(message.transport)()
        outgoing = _render(message)
        transport.send(outgoing)
    except TransportError as exc:
        error, permanent = exc.message, exc.permanent
    except LookupError as exc:
        error, permanent = str(exc), True
    except Exception as exc:  # a bug must not stop the worker or lose the message
        log.exception("sending message %s failed", message.pk)
        error = f"{exc.__class__.__name__}: {exc}"
    duration = int((time.monotonic() - clock) * 1000)
    return _finish(message, delivery, attempt, duration, error, permanent)


def _render(message: Message) -> Outgoing:
    own = hooks.renderers.get(message.kind)
    if own is not None:
        return own(message)
    return follow_render.render(message) if message.subscription_id else render(message)


def _finish(message: Message, delivery: Delivery, attempt: int, duration: int,
            error: str, permanent: bool) -> str:
    now = timezone.now()
    if not error:
        outcome = Outcome.OK
        updates = {"status": MessageStatus.SENT, "sent_at": now, "last_error": ""}
    elif permanent or attempt >= settings.NOTIFY_MAX_ATTEMPTS:
        outcome = Outcome.PERMANENT
        updates = {"status": MessageStatus.FAILED, "last_error": error[:2000]}
        if message.channel_id and permanent:
            NotificationChannel.objects.filter(pk=message.channel_id).update(
                enabled=False, disabled_reason=error[:500]
            )
            channels_changed()  # an update() sends no signal
    else:
        outcome = Outcome.TRANSIENT
        updates = {
            "status": MessageStatus.QUEUED,
            "next_attempt_at": now + backoff(attempt),
            "last_error": error[:2000],
        }
    Delivery.objects.filter(pk=delivery.pk).update(
        finished_at=now, duration_ms=duration, outcome=outcome, error=error[:2000]
    )
    Message.objects.filter(pk=message.pk).update(claimed_until=None, claimed_by="", **updates)
    if not error:
        hooks.message_sent.send(sender=Message, message=message, at=now)
    elif outcome == Outcome.PERMANENT:
        hooks.message_failed.send(sender=Message, message=message, error=error)
    if error:
        log.warning("message %s attempt %s: %s (%s)", message.pk, attempt, error, outcome)
    return str(outcome)
