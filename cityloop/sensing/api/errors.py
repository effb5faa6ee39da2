"""Errors in the shape SensorThings servers answer them.

OGC 18-088 gives the HTTP status codes (§10 for writes, §9 for reads) but
not an error body; we answer the body FROST-Server, the reference
implementation, sends, so its clients show our messages:
``{"code": 400, "type": "error", "message": "..."}``.
"""

from __future__ import annotations

import json

from django.http import HttpResponse


class StaError(Exception):
    """An answer of ``status`` explaining ``message`` to the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        return {"code": self.status, "type": "error", "message": self.message}


def bad_request(message: str) -> StaError:
    return StaError(400, message)


def not_found(message: str) -> StaError:
    return StaError(404, message)


def error_response(exc: StaError) -> HttpResponse:
    response = HttpResponse(
        json.dumps(exc.body(), ensure_ascii=False),
        status=exc.status,
        content_type="application/json; charset=utf-8",
    )
    for name, value in exc.headers.items():
        response[name] = value
    return response
