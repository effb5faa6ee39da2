"""The queue page (list and map), its map JSON, saved views and bulk actions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.cases import policy
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.catalogue.models import Department
from cityloop.web import relative
from cityloop.web.models import SavedView
from cityloop.web.staff import source
from cityloop.web.staff.auth import staff_required
from cityloop.web.staff.queue import bulk, filters


@dataclass
class Row:
    case: Case
    overdue: bool
    sla: str = ""  # "Due in 5 hours" / "Overdue by 2 days"
    age: str = ""  # "Reported 3 days ago"
    source: str = ""  # "Sensor: …", "Hotspot of N reports"; "" for a person's report


def _rows(cases: list[Case], now: datetime) -> list[Row]:
    sources = source.sources(cases)
    return [Row(c, c.status in OPEN_STATUSES and c.due_at < now,
                relative.sla(c.due_at, c.status in OPEN_STATUSES, now),
                relative.reported(c.created_at, now), sources.get(c.pk, ""))
            for c in cases]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() else 1


@staff_required
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    user, now = _user(request), timezone.now()
    f, form = filters.parse(request.GET)
    counts = filters.status_counts(user, f, now)
    as_map = request.GET.get("view") == "map"
    page = None if as_map else filters.page_of(user, f, counts, _page_number(request), now)
    rows = [] if page is None else _rows(page.rows, now)
    querystring = f.querystring()
    context: dict[str, Any] = {
        "form": form,
        "filter": f,
        "querystring": querystring,
        "as_map": as_map,
        "page": page,
        "rows": rows,
        "counts": [(s, label, filters.count_label(counts.get(s, 0)), s in f.statuses,
                    replace(f, statuses=(s,)).querystring()) for s, label in Status.choices],
        "saved_views": SavedView.objects.filter(user=user),
        "points_url": f"{reverse('staff:points')}?{querystring}",
        "bulk_actions": bulk.BULK_ACTIONS,
        "colleagues": bulk.colleagues(user) if not policy.is_operator(user) else [],
        "departments": Department.objects.filter(active=True).order_by("name"),
        "abilities": _abilities(user),
        "active_filters": filters.active_filters(f),
    }
    return render(request, "web/staff/queue.html", context)


@staff_required
@require_GET
def queue_points(request: HttpRequest) -> JsonResponse:
    """The filtered queue's cases as map points (only cases the user may see)."""
    f, _form = filters.parse(request.GET)
    data = filters.points(_user(request), f, timezone.now())
    data["case_url"] = reverse("staff:case", args=["REF"])
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100]
    f, _form = filters.parse(QueryDict(request.POST.get("querystring", "")))
    querystring = f.querystring()
    if not name:
        messages.error(request, _("Give the view a name."))
        return redirect(f"{reverse('staff:queue')}?{querystring}")
    try:
        with transaction.atomic():
            SavedView.objects.update_or_create(
                user=_user(request), name=name, defaults={"querystring": querystring})
    except IntegrityError:  # saved twice at once: the other one won
        pass
    messages.success(request, _("View “%(name)s” saved.") % {"name": name})
    return redirect(f"{reverse('staff:queue')}?{querystring}")


@staff_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    view = get_object_or_404(SavedView, pk=pk, user=_user(request))
    view.delete()
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect("staff:queue")


@staff_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    action = request.POST.get("action", "")
    references = request.POST.getlist("case")
    back = request.POST.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("staff:queue")
    if not references:
        messages.error(request, _("Select at least one case."))
        return HttpResponseRedirect(back)
    try:
        params = bulk.params_for(user, action, request.POST.dict())
    except bulk.BulkRefused as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    results = bulk.run(user, references, action, params)
    context = {
        "results": results,
        "action_label": bulk.BULK_ACTIONS[action],
        "succeeded": [r for r in results if r.ok],
        "refused": [r for r in results if not r.ok],
        "back": back,
    }
    return render(request, "web/staff/bulk_result.html", context)


def _abilities(user: policy.AnyUser) -> dict[str, bool]:
    """For the template: what the signed-in person may do in general."""
    return {
        "is_admin": policy.is_admin(user),
        "is_operator": policy.is_operator(user),
        "is_supervisor": bool(policy.supervised_tree(user)),
        "may_file": policy.may_file_cases(user),
    }
