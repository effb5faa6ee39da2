"""Asking to follow, confirming and leaving: the double opt-in.

``ask`` records a pending subscription and queues the confirmation email in
the same transaction; nothing else is ever sent to an address that has not
clicked its link. Confirming twice is harmless; leaving deletes the row
(and whatever was still queued for it), keeping no trace of the address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.geo.models import Area
from cityloop.notify.follow import tokens
from cityloop.notify.follow.models import Mode, Subscription, Target
from cityloop.notify.models import Kind, Message

MIN_RADIUS_M = 100
MAX_RADIUS_M = 2000


@dataclass(frozen=True)
class What:
    """What a person asks to follow: one of a case, an area, or a point and radius."""

    target: str
    case: Case | None = None
    area: Area | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: int | None = None

    @classmethod
    def report(cls, case: Case) -> What:
        return cls(Target.CASE, case=case)

    @classmethod
    def in_area(cls, area: Area) -> What:
        return cls(Target.AREA, area=area)

    @classmethod
    def around(cls, lat: float, lon: float, radius_m: int) -> What:
        radius = max(MIN_RADIUS_M, min(MAX_RADIUS_M, int(radius_m)))
        # Five decimals (about a metre) are all a follower needs, and all we keep.
        return cls(Target.RADIUS, lat=round(lat, 5), lon=round(lon, 5), radius_m=radius)


def _same(email: str, what: What) -> Subscription | None:
    query = Subscription.objects.filter(email__iexact=email, target=what.target)
    if what.target == Target.CASE:
        query = query.filter(case=what.case)
    elif what.target == Target.AREA:
        query = query.filter(area=what.area)
    else:
        query = query.filter(lat=what.lat, lon=what.lon, radius_m=what.radius_m)
    return query.order_by("id").first()


def ask(email: str, what: What, *, language: str, mode: str,
        now: datetime | None = None) -> Subscription:
    """Record a pending subscription (or find the same one) and queue its confirmation."""
    now = now or timezone.now()
    email = email.strip()
    mode = mode if mode in Mode.values else Mode.IMMEDIATE
    with transaction.atomic():
        subscription = _same(email, what)
        if subscription is None:
            subscription = Subscription.objects.create(
                email=email, target=what.target, case=what.case, area=what.area,
                lat=what.lat, lon=what.lon, radius_m=what.radius_m,
                language=language, mode=mode, created_at=now)
        elif subscription.confirmed_at is None:
            # Asked again before confirming: the latest choice counts and the link
            # is new. A confirmed subscription is not changed by a form anyone can
            # fill in with this address; its owner leaves and follows again instead.
            subscription.language, subscription.mode, subscription.created_at = (
                language, mode, now)
            subscription.save(update_fields=["language", "mode", "created_at"])
        Message.objects.create(
            kind=Kind.FOLLOW_CONFIRM, case=what.case, subscription=subscription,
            transport="email", target=email, language=language or settings.LANGUAGE_CODE,
            next_attempt_at=now, created_at=now)
    return subscription


class Confirmed(StrEnum):
    NOW = "now"
    ALREADY = "already"
    GONE = "gone"  # signed by us, but the subscription was deleted since


def confirm(token: str, now: datetime | None = None) -> tuple[Confirmed, Subscription | None]:
    """Confirm the subscription a link names. Raises ``tokens.Expired``/``tokens.Invalid``."""
    pk = tokens.read_confirm(token)
    with transaction.atomic():
        # of=("self",): PostgreSQL cannot lock the nullable side of the outer
        # joins to the case and the area, and only the subscription changes.
        subscription = (Subscription.objects.select_for_update(of=("self",))
                        .select_related("case", "area").filter(pk=pk).first())
        if subscription is None:
            return Confirmed.GONE, None
        if subscription.confirmed_at is not None:
            return Confirmed.ALREADY, subscription
        subscription.confirmed_at = now or timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return Confirmed.NOW, subscription


def find_for_unsubscribe(token: str) -> Subscription | None:
    """The subscription an unsubscribe link names, None when already gone.
    Raises ``tokens.Invalid``."""
    pk = tokens.read_unsubscribe(token)
    return Subscription.objects.select_related("case", "area").filter(pk=pk).first()


def unsubscribe(token: str) -> bool:
    """Delete the subscription the link names; False when it was already gone."""
    pk = tokens.read_unsubscribe(token)
    deleted, _ = Subscription.objects.filter(pk=pk).delete()
    return bool(deleted)


def forget_unconfirmed(now: datetime) -> int:
    """Delete subscriptions whose confirmation link has expired unused."""
    _, per_model = (Subscription.objects
                    .filter(confirmed_at__isnull=True, created_at__lt=now - tokens.CONFIRM_VALID)
                    .delete())
    return per_model.get(Subscription._meta.label, 0)
