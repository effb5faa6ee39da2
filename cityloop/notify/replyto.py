"""Where a citizen's reply to an email about a case goes, and how it is known again.

Every email to a case's contacts carries a token naming the case, signed with
the secret key: in its ``Reply-To`` (``case+2026-000123.k3j…@city.example``,
when ``CITYLOOP_MAIL_ADDRESS`` is set) and in its ``Message-ID``, which mail
clients repeat in a reply's ``In-Reply-To`` and ``References``. The
reference alone is guessable (they are numbered); the signature is not, so
only someone who received the email can add to the case by mail.
``cityloop.mailin`` reads the token back with ``case_reference``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "cityloop.notify.replyto"
_SIGNATURE_LENGTH = 16  # 80 bits: unguessable, and short enough for a mail address
# A reference (2026-000123), a dot, and its signature, anywhere in an address or header.
_TOKEN = re.compile(rf"(\d{{4}}-\d{{6}})\.([a-z2-7]{{{_SIGNATURE_LENGTH}}})", re.IGNORECASE)
_FALLBACK_DOMAIN = "cityloop.invalid"


def _signature(reference: str) -> str:
    digest = salted_hmac(_SALT, reference, algorithm="sha256").digest()
    return base64.b32encode(digest).decode().lower()[:_SIGNATURE_LENGTH]


def token(reference: str) -> str:
    return f"{reference}.{_signature(reference)}"


def mail_domain() -> str:
    """The domain of ``CITYLOOP_MAIL_ADDRESS`` (where replies are received)."""
    return settings.MAIL_ADDRESS.rpartition("@")[2] or _FALLBACK_DOMAIN


def reply_address(reference: str) -> str:
    """``case+<token>@domain`` for a case, or "" when no intake address is set."""
    if not settings.MAIL_ADDRESS:
        return ""
    local = settings.MAIL_ADDRESS.rpartition("@")[0].partition("+")[0] or "case"
    return f"{local}+{token(reference)}@{mail_domain()}"


def headers(reference: str, message_id: int) -> dict[str, str]:
    """The headers that let a reply to message ``message_id`` find its case."""
    out = {"Message-ID": f"<{token(reference)}.m{message_id}@{mail_domain()}>"}
    address = reply_address(reference)
    if address:
        out["Reply-To"] = address
    return out


def case_reference(values: Iterable[str]) -> tuple[str, bool]:
    """The case reference a reply names in ``values`` (its recipients, then its
    In-Reply-To and References), and whether a token was there at all.

    ("2026-000123", True): a valid token. ("", True): something shaped like a
    token whose signature is wrong (a forgery, or an address from before the
    secret key changed). ("", False): no token.
    """
    seen = False
    for value in values:
        for match in _TOKEN.finditer(value or ""):
            seen = True
            reference, signature = match.group(1), match.group(2).lower()
            if constant_time_compare(signature, _signature(reference)):
                return reference, True
    return "", seen
