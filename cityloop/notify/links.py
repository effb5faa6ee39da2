"""Signed confirm and unsubscribe links, and the one-click unsubscribe headers (RFC 8058).

Shared by following by email (``notify.follow``) and warning subscriptions
(``warnings.subscriptions``). Nothing is stored for a link: it carries the
subscription's id signed with the secret key and a salt of its own, so a
confirmation link cannot be used to unsubscribe someone, nor the other way
round, and one feature's links are worthless to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse


class Expired(Exception):
    """A confirmation link older than its validity."""


class Invalid(Exception):
    """A link that was not made here, or was cut short."""


@dataclass(frozen=True)
class SignedLinks:
    """The links of one kind of subscription: ``salt`` keeps them apart from others',
    ``confirm_view`` and ``unsubscribe_view`` are the URL names taking the token."""

    salt: str
    confirm_view: str
    unsubscribe_view: str
    confirm_valid: timedelta = timedelta(days=7)

    def confirm_token(self, subscription_id: int) -> str:
        return signing.dumps(subscription_id, salt=f"{self.salt}.confirm", compress=False)

    def unsubscribe_token(self, subscription_id: int) -> str:
        return signing.dumps(subscription_id, salt=f"{self.salt}.unsubscribe", compress=False)

    def read_confirm(self, token: str, valid: timedelta | None = None) -> int:
        """The id a confirmation link names, if it is younger than ``valid`` (default:
        ``confirm_valid``)."""
        try:
            value = signing.loads(token, salt=f"{self.salt}.confirm",
                                  max_age=self.confirm_valid if valid is None else valid)
        except signing.SignatureExpired as exc:
            raise Expired from exc
        except signing.BadSignature as exc:
            raise Invalid from exc
        return _id(value)

    def read_unsubscribe(self, token: str) -> int:
        try:
            return _id(signing.loads(token, salt=f"{self.salt}.unsubscribe"))
        except signing.BadSignature as exc:
            raise Invalid from exc

    def confirm_url(self, subscription_id: int) -> str:
        return settings.PUBLIC_URL + reverse(self.confirm_view,
                                             args=[self.confirm_token(subscription_id)])

    def unsubscribe_url(self, subscription_id: int) -> str:
        return settings.PUBLIC_URL + reverse(self.unsubscribe_view,
                                             args=[self.unsubscribe_token(subscription_id)])


def _id(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid
    return value


def one_click_headers(unsubscribe_url: str) -> dict[str, str]:
    """The email headers that let a mail program unsubscribe with one click (RFC 8058):
    it POSTs ``List-Unsubscribe=One-Click`` to the link, which must need nothing else."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def is_one_click(post: object) -> bool:
    """Whether a POST's form data is a mail program's RFC 8058 one-click request."""
    getter = getattr(post, "get", None)
    return getter is not None and getter("List-Unsubscribe") == "One-Click"
