"""Who asks: writes need an API key (cases.models.ApiClient); reading private Things
needs one too, or a staff session (the rule is ``sensing.web.access``).

The key travels as ``Authorization: Bearer <key>`` or ``X-Api-Key: <key>``;
HTTP Basic with the key as the password is accepted too, because that is
what SensorThings client libraries (frost-sta-client's AuthHandler) send.
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.cases.models import ApiClient
from cityloop.sensing.api.errors import StaError
from cityloop.sensing.web.access import Reader

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="CityLoop SensorThings"'}
# As for Open311: writing last_used_at on every request would serialise a client's writes.
_LAST_USED_PRECISION = timedelta(minutes=1)


def key_of(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "").strip()
    scheme, _sep, credentials = header.partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip()
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return decoded.partition(":")[2]
    return request.headers.get("X-Api-Key", "").strip()


def reader_of(request: HttpRequest) -> Reader:
    """Who reads: the session's user and the key sent, if any (a wrong key is refused:
    a client that means to read private data must learn its key does not work)."""
    user = getattr(request, "user", None)
    return Reader(user, authenticate(request) if key_of(request) else None)


def authenticate(request: HttpRequest) -> ApiClient:
    key = key_of(request)
    if not key:
        raise StaError(
            401,
            _("Writing needs an API key: send it as Authorization: Bearer <key> or "
              "X-Api-Key: <key>."),
            _CHALLENGE,
        )
    client = ApiClient.authenticate(key)
    if client is None:
        raise StaError(401, _("This API key is not valid: it is unknown or has been revoked."),
                       _CHALLENGE)
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now  # the shared in-memory copy, so it is not written again
    return client
