"""``/ops/topics.json``: the hot topics of a week, for the operations cockpit (staff only).

``?week=2026-W47`` asks for one week; without it, the latest week that has
topics. The topics are computed by the ``hot_topics`` job or by
``cityloop triage-topics``; this view only reads them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from cityloop.cases import policy
from cityloop.triage.topics import weekly


@login_required
@require_GET
def topics_json(request: HttpRequest) -> JsonResponse:
    if not policy.is_staff(request.user):
        raise PermissionDenied
    week = request.GET.get("week") or None
    if week is not None:
        try:
            weekly.week_bounds(week)
        except weekly.BadWeek:
            return JsonResponse({"error": "week must be written YYYY-Www, e.g. 2026-W47"},
                                status=400)
    week, found = weekly.stored(week)
    response = JsonResponse({
        "week": week,
        "computed_at": max((t.computed_at for t in found), default=None),
        "topics": [weekly.as_json(t) for t in found],
    })
    response["Cache-Control"] = "no-store"
    return response
