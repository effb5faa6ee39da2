"""The signed links in a follower's emails: confirm (expires) and unsubscribe (does not).

Nothing is stored for them: each link carries the subscription's id signed
with the secret key and a salt of its own, so a confirmation link cannot be
used to unsubscribe someone, nor the other way round.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "cityloop.follow.confirm"
UNSUBSCRIBE_SALT = "cityloop.follow.unsubscribe"
# How long a confirmation link works; an unconfirmed subscription is deleted after it.
CONFIRM_VALID = timedelta(days=7)


class Expired(Exception):
    """A confirmation link older than ``CONFIRM_VALID``."""


class Invalid(Exception):
    """A link that was not made here, or was cut short."""


def confirm_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=CONFIRM_SALT, compress=False)


def unsubscribe_token(subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT, compress=False)


def read_confirm(token: str) -> int:
    try:
        value = signing.loads(token, salt=CONFIRM_SALT,
                              max_age=CONFIRM_VALID)
    except signing.SignatureExpired as exc:
        raise Expired from exc
    except signing.BadSignature as exc:
        raise Invalid from exc
    return _id(value)


def read_unsubscribe(token: str) -> int:
    try:
        return _id(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except signing.BadSignature as exc:
        raise Invalid from exc


def _id(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid
    return value


def confirm_url(subscription_id: int) -> str:
    return settings.PUBLIC_URL + reverse("follow_confirm", args=[confirm_token(subscription_id)])


def unsubscribe_url(subscription_id: int) -> str:
    return settings.PUBLIC_URL + reverse("follow_unsubscribe",
                                         args=[unsubscribe_token(subscription_id)])
