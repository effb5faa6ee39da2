"""/api/v1/warnings: the current public warnings (GET, public) and publishing one
(POST, with an API key of scope ``warnings:publish``).

The key travels as ``Authorization: Bearer <key>`` or ``X-Api-Key: <key>``, as
for the SensorThings API. Every refusal is JSON, ``{"error": {"code", "message",
"fields"?}}``: 400 naming each bad field, 401 without a valid key, 403 without
the scope, 405 for another method, 429 over the key's rate limit. A warning
posted is published at once through ``warnings.publish.publish``, in the same
transaction as its row, so a refused one leaves nothing behind.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cityloop.api.warnings_input import Invalid, parse
from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient
from cityloop.cases.models.client import WARNINGS_PUBLISH
from cityloop.i18n import all_translations
from cityloop.sensing.api.auth import key_of
from cityloop.warnings.cap import cap_time
from cityloop.warnings.current import current_queryset
from cityloop.warnings.models import Warning
from cityloop.warnings.publish import PublishRefused, draft_replacement, publish
from cityloop.web import ratelimit

CHALLENGE = 'Bearer realm="CityLoop warnings"'
MAX_BODY = 256 * 1024


class Refused(Exception):
    def __init__(self, status: int, message: str, fields: dict[str, str] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.fields, self.headers = fields, headers or {}


def _error(exc: Refused) -> JsonResponse:
    body: dict[str, Any] = {"code": exc.status, "message": exc.message}
    if exc.fields:
        body["fields"] = exc.fields
    response = JsonResponse({"error": body}, status=exc.status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in exc.headers.items():
        response[name] = value
    return response


def as_json(warning: Warning) -> dict[str, Any]:
    """A published warning as the API shows it."""
    assert warning.published_at is not None and warning.onset and warning.expires
    return {
        "identifier": warning.identifier, "sender": warning.sender,
        "sent": cap_time(warning.published_at), "status": warning.status,
        "msg_type": warning.msg_type,
        "references": warning.references.identifier if warning.references else None,
        "event": all_translations(warning.event, warning.event_i18n),
        "category": warning.category, "severity": warning.severity,
        "urgency": warning.urgency, "certainty": warning.certainty,
        "headline": all_translations(warning.headline, warning.headline_i18n),
        "description": all_translations(warning.description, warning.description_i18n),
        "instruction": all_translations(warning.instruction, warning.instruction_i18n),
        "areas": [{"id": a.pk, "code": a.code, "name": a.display_name}
                  for a in warning.areas.all()],
        "polygon": warning.polygon,
        "onset": cap_time(warning.onset), "expires": cap_time(warning.expires),
        "url": settings.PUBLIC_URL + reverse("warnings:detail", args=[warning.identifier]),
        "cap": settings.PUBLIC_URL + reverse("warnings:cap", args=[warning.identifier]),
    }


def _client(request: HttpRequest) -> ApiClient:
    key = key_of(request)
    if not key:
        raise Refused(401, _("Publishing needs an API key: send it as Authorization: Bearer "
                             "<key> or X-Api-Key: <key>."), headers={"WWW-Authenticate": CHALLENGE})
    client = apiclients.authenticate(key)
    if client is None:
        raise Refused(401, _("This API key is not valid: it is unknown or has been revoked."),
                      headers={"WWW-Authenticate": CHALLENGE})
    wait = ratelimit.api_key_retry_after(client)
    if wait:
        raise Refused(429, _("This API key has used its %(limit)d requests of this minute; "
                             "try again in %(seconds)d seconds.")
                      % {"limit": client.requests_per_minute(), "seconds": wait},
                      headers={"Retry-After": str(wait)})
    if not client.has_scope(WARNINGS_PUBLISH):
        raise Refused(403, _("This API key may not publish warnings: its scopes are "
                             "%(scopes)s, and publishing needs warnings:publish.")
                      % {"scopes": client.scope_list()})
    return client


def _body(request: HttpRequest) -> Any:
    if len(request.body) > MAX_BODY:
        raise Refused(400, _("The body is larger than %(kb)d KB.") % {"kb": MAX_BODY // 1024})
    try:
        return json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400, _("The body is not JSON.")) from None


def _create(request: HttpRequest, client: ApiClient) -> Warning:
    try:
        parsed = parse(_body(request))
    except Invalid as exc:
        raise Refused(400, _("Some fields are missing or wrong."), exc.errors) from None
    values = dict(parsed.values)
    if "valid_minutes" in values:
        values["expires"] = None  # counted from this publication, not the replaced one's
    by = f"API key {client.name}"
    try:
        with transaction.atomic():
            if parsed.references is not None:
                msg_type = values.pop("msg_type")
                warning = draft_replacement(parsed.references, msg_type, **values)
            else:
                warning = Warning.objects.create(**values)
            if parsed.areas is not None:
                warning.areas.set(parsed.areas)
            return publish(warning, by=by)
    except PublishRefused as exc:
        raise Refused(400, exc.message, {exc.field: exc.message}) from None


@csrf_exempt  # a key, not a session, says who posts
def warnings(request: HttpRequest) -> JsonResponse:
    try:
        if request.method in ("GET", "HEAD"):
            current = current_queryset().prefetch_related("areas").select_related("references")
            return JsonResponse({"warnings": [as_json(w) for w in current]},
                                json_dumps_params={"ensure_ascii": False})
        if request.method != "POST":
            raise Refused(405, _("Use GET to read the current warnings or POST to publish "
                                 "one."), headers={"Allow": "GET, HEAD, POST"})
        warning = _create(request, _client(request))
    except Refused as exc:
        return _error(exc)
    response = JsonResponse(as_json(warning), status=201, json_dumps_params={"ensure_ascii": False})
    response["Location"] = as_json(warning)["url"]
    return response



