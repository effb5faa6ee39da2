"""Subscribing, confirming and leaving: the double opt-in of each channel.

- email: a confirmation link, queued in the same transaction as the pending row;
- text message: a six-digit code sent by SMS, typed into the page;
- Web Push: the browser's own permission prompt is the opt-in, so it is
  confirmed when the browser hands over its subscription;
- webhook: added by staff only (``cityloop warnings subscribe --webhook``, or
  the admin), confirmed when added.

Nothing but the confirmation is ever sent to an unconfirmed address. Leaving
deletes the row and whatever is still queued for it (the messages' foreign key
cascades), keeping no trace of the address. Staff may add confirmed
subscriptions (lists of community leaders who agreed elsewhere).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cityloop.geo.models import Area
from cityloop.notify.links import SignedLinks
from cityloop.notify.models import Kind, Message
from cityloop.warnings.subscriptions.models import Channel, Source, Subscription

LINKS = SignedLinks("cityloop.warnings", "warnings:confirm", "warnings:unsubscribe")
CODE_VALID = timedelta(hours=1)
CODE_TRIES = 5


@dataclass(frozen=True)
class Ask:
    """What a person (or staff) asks for: a channel and its address, areas, a language."""

    channel: str
    address: str
    areas: tuple[Area, ...]
    language: str
    push_keys: dict[str, str] | None = None
    secret: str = ""
    source: str = Source.WEB


def normalise(channel: str, address: str) -> str:
    """One spelling per address, so the same person is one row: emails in lower case,
    phone numbers without spaces, dashes or brackets."""
    address = address.strip()
    if channel == Channel.EMAIL:
        return address.lower()
    if channel == Channel.SMS:
        return "".join(c for c in address if c.isdigit() or c == "+")
    return address


def subscribe(ask: Ask, *, confirmed: bool = False, now: datetime | None = None) -> Subscription:
    """Record the subscription (or add the areas to the same pending one) and queue its
    confirmation, in one transaction. ``confirmed``: staff vouch for it (no message)."""
    now = now or timezone.now()
    address = normalise(ask.channel, ask.address)
    immediate = confirmed or ask.channel in (Channel.WEBPUSH, Channel.WEBHOOK)
    with transaction.atomic():
        subscription = (Subscription.objects.select_for_update()
                        .filter(channel=ask.channel, address=address).first())
        if subscription is None:
            subscription = Subscription.objects.create(
                channel=ask.channel, address=address, language=ask.language,
                push_keys=ask.push_keys or {}, secret=ask.secret, source=ask.source,
                created_at=now, confirmed_at=now if immediate else None)
        elif subscription.confirmed_at is None or immediate:
            # Asked again before confirming (the latest choice counts, with a new link
            # or code), or by someone who may confirm (staff, the browser itself).
            # A confirmed subscription is not changed by a form anyone can fill in
            # with this address; its owner leaves and subscribes again instead.
            subscription.language, subscription.created_at = ask.language, now
            subscription.code_attempts = 0
            if ask.push_keys:
                subscription.push_keys = ask.push_keys
            if immediate and subscription.confirmed_at is None:
                subscription.confirmed_at = now
            subscription.save()
        else:
            _queue_confirmation(subscription, now)
            return subscription
        subscription.areas.add(*ask.areas)
        if not immediate:
            _queue_confirmation(subscription, now)
    return subscription


def _queue_confirmation(subscription: Subscription, now: datetime) -> None:
    Message.objects.create(
        kind=Kind.WARNING_CONFIRM, warning_subscription=subscription,
        transport=subscription.channel, target=subscription.address,
        language=subscription.language or settings.LANGUAGE_CODE,
        next_attempt_at=now, created_at=now)


def sms_code(subscription: Subscription) -> str:
    """The six digits texted to confirm ``subscription``: derived from its id and when it
    was asked for with the secret key, so nothing is stored, and asking again makes a
    new one."""
    text = f"{subscription.pk}:{subscription.created_at.isoformat()}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), b"warning-sms:" + text, hashlib.sha256)
    return f"{int.from_bytes(digest.digest()[:8], 'big') % 1_000_000:06d}"


class Confirmed(StrEnum):
    NOW = "now"
    ALREADY = "already"
    GONE = "gone"  # a link or code for a subscription deleted since
    WRONG = "wrong"  # a wrong code (tries left)
    EXPIRED = "expired"  # an old code, or too many wrong ones: subscribe again


def _mark(pk: int, now: datetime, code: str | None = None) -> tuple[Confirmed, Subscription | None]:
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
        if subscription is None:
            return Confirmed.GONE, None
        if subscription.confirmed_at is not None:
            return Confirmed.ALREADY, subscription
        if code is not None:
            if (subscription.code_attempts >= CODE_TRIES
                    or now - subscription.created_at > CODE_VALID):
                return Confirmed.EXPIRED, subscription
            if not hmac.compare_digest(code.strip(), sms_code(subscription)):
                subscription.code_attempts += 1
                subscription.save(update_fields=["code_attempts"])
                return Confirmed.WRONG, subscription
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    return Confirmed.NOW, subscription


def confirm(token: str, now: datetime | None = None) -> tuple[Confirmed, Subscription | None]:
    """Confirm the subscription an email link names. Raises ``links.Expired``/``Invalid``."""
    return _mark(LINKS.read_confirm(token), now or timezone.now())


def confirm_code(pk: int, code: str,
                 now: datetime | None = None) -> tuple[Confirmed, Subscription | None]:
    """Confirm a text-message subscription with the code it was sent."""
    return _mark(pk, now or timezone.now(), code=code)


def find(token: str) -> Subscription | None:
    """The subscription an unsubscribe link names, None when already gone.
    Raises ``links.Invalid``."""
    return Subscription.objects.filter(pk=LINKS.read_unsubscribe(token)).first()


def unsubscribe(token: str) -> bool:
    """Delete the subscription the link names; False when it was already gone."""
    deleted, _ = Subscription.objects.filter(pk=LINKS.read_unsubscribe(token)).delete()
    return bool(deleted)


def forget_unconfirmed(now: datetime) -> int:
    """Delete subscriptions whose confirmation link or code expired unused, and browsers
    their push service forgot (a push subscription is unconfirmed only then)."""
    expired = Q(created_at__lt=now - LINKS.confirm_valid) | Q(channel=Channel.WEBPUSH)
    _, per_model = Subscription.objects.filter(expired, confirmed_at__isnull=True).delete()
    return per_model.get(Subscription._meta.label, 0)


def on_message_failed(message: Message, **_: Any) -> None:
    """A browser whose push service forgot it (permission withdrawn, data cleared) gets
    nothing more: its subscription waits unconfirmed and is forgotten with the others
    (deleting it now would delete the failed message's record with it)."""
    if message.warning_subscription_id and message.transport == Channel.WEBPUSH:
        Subscription.objects.filter(pk=message.warning_subscription_id).update(
            confirmed_at=None)


def area_names(areas: Iterable[Area]) -> str:
    return ", ".join(sorted(area.display_name for area in areas))
