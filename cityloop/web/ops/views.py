"""The operations cockpit (/ops/): one screen for the operations centre.

Staff only (``policy.is_staff``): signed-out visitors are sent to log
in, signed-in people who are not staff get 403. The tiles, the open cases
per group, the map and the lists of new and overdue cases and open sensor
alerts all hold the cases the person may see (``scope.py``: everything for
operators and admins, a supervisor's department tree, an officer's
departments), and the page says which; only the ranking, which compares
departments, is city-wide. Never contact details. Each tile opens the
staff queue on the same cases; opening a case goes through the staff
console, which applies each person's own rights again.

``?wall=1`` is the wall display of an operations room: the same live page
without the site's navigation, in large type for 1920×1080 read from
across the room.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cityloop.analytics.departments import BUREAU, LEVELS
from cityloop.analytics.ranking import score_weights
from cityloop.cases import policy
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.catalogue import snapshot
from cityloop.web.ops import feed, mapdata, stream
from cityloop.web.ops import scope as scopes
from cityloop.web.staff.participation.cockpit import overdue_tile
from cityloop.web.staff.queue.filters import QueueFilter

View = Callable[..., HttpResponseBase]


def staff_only(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not policy.is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(require_GET(guarded))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _groups() -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for category in sorted(snapshot.current().categories.values(),
                           key=lambda c: (c.group.order, c.group.code)):
        seen.setdefault(category.group.code, category.group.display_name)
    return [{"code": code, "name": name} for code, name in seen.items()]


def ranking_level(request: HttpRequest) -> str:
    """``?ranking=unit`` ranks district and street units on their own; bureaus otherwise."""
    level = request.GET.get("ranking", "")
    return level if level in LEVELS else BUREAU


def _page_config(payload: dict[str, Any], level: str) -> dict[str, Any]:
    query = f"?ranking={level}" if level != BUREAU else ""
    return {
        "queueUrl": reverse("staff:queue"),
        "urls": {"events": reverse("ops-events") + query, "feed": reverse("ops-feed") + query,
                 "cases": reverse("ops-cases")},
        "changed": payload["changed"],
        "latest": payload["latest"],
        "pollSeconds": max(5, int(stream.INTERVAL_SECONDS) * 3),
        "groups": _groups(),
        "sensorLayer": mapdata.SENSOR_LAYER,
        "strings": {
            "sensorLayer": _("Sensor alerts"),
            "newCase": _("New case %(ref)s: %(category)s, %(area)s"),
            "newCaseItem": _("%(category)s, %(area)s"),
            "overdue": _("overdue"),
            "openCase": _("Open case %(ref)s"),
            "live": _("Live"),
            "polling": _("Updating every %(seconds)s seconds"),
            "reconnecting": _("Connection lost, reconnecting."),
            "cluster": _("%(count)s cases, %(overdue)s overdue"),
            "noOverdue": _("No case is overdue."),
            "noAlerts": _("No sensor alert is open."),
            "noCase": _("no case opened"),
        },
    }


def tile_links(now: datetime) -> dict[str, str]:
    """Each countable tile opens the staff queue filtered on the same cases."""
    open_statuses = tuple(str(s) for s in OPEN_STATUSES)
    finished = (str(Status.RESOLVED), str(Status.CLOSED))
    filters = {
        "intake_today": QueueFilter(since=timezone.localdate(now)),
        "open_now": QueueFilter(statuses=open_statuses),
        "overdue_now": QueueFilter(statuses=open_statuses, overdue=True, sort="due"),
        "resolved_24h": QueueFilter(statuses=finished, resolved="24h"),
        "median_hours_to_resolve": QueueFilter(statuses=finished, resolved="30d"),
    }
    queue = reverse("staff:queue")
    return {key: f"{queue}?{f.querystring()}" for key, f in filters.items()}


@staff_only
def cockpit(request: HttpRequest) -> HttpResponse:
    level = ranking_level(request)
    scope = policy.scope_of(request.user)
    now = timezone.now()
    payload = feed.build(now, level=level, scope=scope)
    links = tile_links(now)
    tiles = [{"key": key, "label": label, "url": links.get(key, ""), **payload["tiles"][key]}
             for key, label in TILE_LABELS.items()]
    return _no_store(render(request, "web/ops/cockpit.html", {
        "feed": payload, "tiles": tiles, "ops_config": _page_config(payload, level),
        "score_weights": score_weights(), "ranking_level": level,
        "scope_label": scopes.label(scope), "wall": request.GET.get("wall") == "1",
        "overdue_url": links["overdue_now"],
        # Not part of the live payload: proposals change by the day, not by the second;
        # and not on the wall, whose six figures fill the screen exactly.
        "proposals_tile": None if request.GET.get("wall") == "1" else overdue_tile(
            request.user, now),
    }))


@staff_only
def feed_json(request: HttpRequest) -> HttpResponse:
    """The polling fallback: the same payload as each event of the stream."""
    return _no_store(JsonResponse(feed.build(level=ranking_level(request),
                                             scope=policy.scope_of(request.user))))


@staff_only
def events(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        stream.events(translation.get_language(), ranking_level(request),
                      policy.scope_of(request.user)),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # tell a fronting nginx not to buffer the stream
    return response


@staff_only
def cases_geojson(request: HttpRequest) -> HttpResponse:
    """Open cases for the map; ``?since=<changed>&after=<latest>`` (the feed's marker)
    for what changed after it."""
    raw_since = request.GET.get("since", "").strip()
    raw_after = request.GET.get("after", "").strip()
    since = None
    if raw_since:
        try:
            # A "+" in an unencoded query string arrives as a space.
            since = parse_datetime(raw_since.replace(" ", "+"))
        except ValueError:  # well formed, but no such day or hour
            since = None
        if since is None or timezone.is_naive(since):
            return _bad(_("since must be a date and time with its offset."))
    if raw_after and not (raw_after.isascii() and raw_after.isdigit() and len(raw_after) < 19):
        return _bad(_("after must be a case number."))
    after = int(raw_after) if raw_after else None
    user = request.user

    def scope(cases: QuerySet[Case]) -> QuerySet[Case]:
        return policy.visible_cases(user, cases)

    return _no_store(JsonResponse(
        mapdata.open_cases_collection(timezone.now(), since, after, scope=scope)))


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


TILE_LABELS = {
    "intake_today": translation.gettext_lazy("Today's intake"),
    "open_now": translation.gettext_lazy("Open now"),
    "overdue_now": translation.gettext_lazy("Overdue now"),
    "resolved_24h": translation.gettext_lazy("Resolved in the last 24 hours"),
    "median_hours_to_resolve": translation.gettext_lazy("Median time to resolve"),
    "satisfaction": translation.gettext_lazy("Satisfaction"),
}
