"""/api/openapi.json: the OpenAPI document, built once per process (``openapi``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cityloop.api.openapi import document_bytes


@csrf_exempt  # read-only: another method gets 405, not the CSRF refusal of a form
@require_safe
def openapi_json(request: HttpRequest) -> HttpResponse:
    body = document_bytes(settings.PUBLIC_URL)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Cache-Control"] = "public, max-age=3600"
    # Documentation tools in anyone's browser (an API explorer elsewhere) may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response
