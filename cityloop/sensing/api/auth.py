"""Who asks: writes need an API key with the ``sta:write`` scope (cases.models.ApiClient);
reading private Things needs one with ``sta:read``, or a staff session (the rule is
``sensing.access``). A key limited to departments writes only their Things
(``sensing.api.departments``).

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

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import STA_READ, STA_WRITE
from cityloop.sensing.access import Reader
from cityloop.sensing.api.errors import StaError
from cityloop.web import ratelimit

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
    """Who asks: the session's user and the key sent, if any.

    A key sent is checked whatever the method (a client that means to read
    private data must learn its key does not work): 401 when it is unknown
    or revoked, 429 over its rate limit, 403 without a SensorThings scope.
    Call it before the request's transaction opens: the rate count must stay
    counted when the request fails, and its row must not stay locked.
    """
    user = getattr(request, "user", None)
    key = key_of(request)
    return Reader(user, admit(key) if key else None)


def writer(reader: Reader) -> ApiClient:
    """The key of a write: 401 without one, 403 without the sta:write scope."""
    client = reader.client
    if client is None:
        raise StaError(
            401,
            _("Writing needs an API key: send it as Authorization: Bearer <key> or "
              "X-Api-Key: <key>."),
            _CHALLENGE,
        )
    if not client.has_scope(STA_WRITE):
        raise StaError(
            403,
            _("This API key may not write SensorThings data: its scopes are %(scopes)s, and "
              "writing needs sta:write.") % {"scopes": client.scope_list()},
        )
    return client


def admit(key: str) -> ApiClient:
    client = apiclients.authenticate(key)
    if client is None:
        raise StaError(401, _("This API key is not valid: it is unknown or has been revoked."),
                       _CHALLENGE)
    wait = ratelimit.api_key_retry_after(client)
    if wait:
        raise StaError(
            429,
            _("This API key has used its %(limit)d requests of this minute; "
              "try again in %(seconds)d seconds.")
            % {"limit": client.requests_per_minute(), "seconds": wait},
            {"Retry-After": str(wait)},
        )
    if not (client.has_scope(STA_READ) or client.has_scope(STA_WRITE)):
        raise StaError(
            403,
            _("This API key may not use SensorThings: its scopes are %(scopes)s. Ask the "
              "city for a key with sta:read or sta:write.") % {"scopes": client.scope_list()},
        )
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > _LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now  # the shared in-memory copy, so it is not written again
    return client
