"""The public warnings pages and CAP documents; anyone may read them.

Only published warnings are shown: a draft or a proposal waiting for a duty
officer is not public, and its address answers 404 as an unknown one does.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cityloop.warnings import cap, geojson
from cityloop.warnings.current import current_queryset
from cityloop.warnings.models import Warning

PAST = 30


def published() -> QuerySet[Warning]:
    return (Warning.objects.filter(published_at__isnull=False)
            .prefetch_related("areas").select_related("references"))


def _subscribe_url() -> str | None:
    """The subscription page, once the subscriptions work provides it."""
    try:
        return reverse("warnings:subscribe")
    except NoReverseMatch:
        return None


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    current = list(current_queryset().prefetch_related("areas"))
    current_ids = [w.pk for w in current]
    past = list(published().exclude(pk__in=current_ids).order_by("-published_at", "-id")[:PAST])
    return render(request, "web/warnings/index.html", {
        "current": current, "past": past, "map_data": geojson.collection(current),
        "subscribe_url": _subscribe_url(),
    })


def _find(identifier: str) -> Warning:
    warning = published().filter(identifier=identifier).first()
    if warning is None:
        raise Http404
    return warning


@require_safe
def detail(request: HttpRequest, identifier: str) -> HttpResponse:
    warning = _find(identifier)
    context: dict[str, Any] = {
        "warning": warning, "current": warning.is_current(),
        "replaced_by": warning.replaced_by.filter(published_at__isnull=False).first(),
        "map_data": geojson.collection([warning]), "subscribe_url": _subscribe_url(),
    }
    return render(request, "web/warnings/detail.html", context)


@csrf_exempt  # read-only: another method gets 405, not the CSRF refusal of a form
@require_safe
def cap_document(request: HttpRequest, identifier: str) -> HttpResponse:
    warning = _find(identifier)
    response = HttpResponse(cap.document(warning), content_type=f"{cap.CONTENT_TYPE}; "
                                                                 "charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"  # alert hubs and aggregators read it
    return response
