"""/audit/checkpoints.json: the signed audit checkpoints, for anyone to archive.

Each entry holds counts, hashes, the yearly reference counters and the
signature; no case reference, text or person (docs/audit.md). Copies kept
outside the database are what `cityloop audit verify --against` checks the
database with, should someone remove or rewrite the stored checkpoints.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from cityloop.cases.audit_checkpoints import published
from cityloop.cases.models import AuditCheckpoint

LIMIT = 1000  # about three years of daily checkpoints; older ones stay in the database


@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_GET
def checkpoints(request: HttpRequest) -> JsonResponse:
    newest = AuditCheckpoint.objects.order_by("-number").defer("heads")[:LIMIT]
    response = JsonResponse({"checkpoints": [published(c) for c in newest]})
    response["Cache-Control"] = "public, max-age=300"
    return response


urlpatterns = [path("checkpoints.json", checkpoints, name="audit-checkpoints")]
