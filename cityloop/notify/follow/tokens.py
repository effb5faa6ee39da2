"""The signed links in a follower's emails: confirm (expires) and unsubscribe (does not).

The signing is ``notify.links`` (shared with warning subscriptions); the salts
are the ones these links always had, so links already sent keep working.
"""

from __future__ import annotations

from cityloop.notify.links import Expired, Invalid, SignedLinks

LINKS = SignedLinks("cityloop.follow", "follow_confirm", "follow_unsubscribe")
# How long a confirmation link works; an unconfirmed subscription is deleted after it.
CONFIRM_VALID = LINKS.confirm_valid

confirm_token = LINKS.confirm_token
unsubscribe_token = LINKS.unsubscribe_token
read_unsubscribe = LINKS.read_unsubscribe
confirm_url = LINKS.confirm_url
unsubscribe_url = LINKS.unsubscribe_url


def read_confirm(token: str) -> int:
    # CONFIRM_VALID read at each call: a test may shorten it.
    return LINKS.read_confirm(token, CONFIRM_VALID)


__all__ = ["CONFIRM_VALID", "LINKS", "Expired", "Invalid", "confirm_token", "confirm_url",
           "read_confirm", "read_unsubscribe", "unsubscribe_token", "unsubscribe_url"]
