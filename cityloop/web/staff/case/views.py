"""The case page, its action endpoint, contact details and staff-only photos."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.cases import lifecycle, policy
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseContact, CaseMedia
from cityloop.web import photos as photo_files
from cityloop.web.staff import actions, templates_text
from cityloop.web.staff.auth import forbidden, staff_required
from cityloop.web.staff.case import page as contents
from cityloop.web.staff.forms import FORMS, CaseForm

CASE_RELATED = ("category", "category__group", "department", "assignee", "area",
                "area__parent", "escalated_to", "duplicate_of", "created_by")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def visible_case(request: HttpRequest, reference: str) -> Case:
    """The case, if the user may see it; 404 otherwise (never 403: that would
    confirm the case exists)."""
    cases = policy.visible_cases(request.user).select_related(*CASE_RELATED)
    return get_object_or_404(cases, reference=reference)


def render_case(request: HttpRequest, case: Case, *, bound: dict[str, CaseForm] | None = None,
                contacts: list[CaseContact] | None = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    page = contents.build(user, case, timezone.now(), bound)
    context: dict[str, Any] = {
        "page": page,
        "case": case,
        "forms": page.forms,
        "open_form": next(iter(bound), "") if bound else "",
        "contacts": contacts,
        "may_see_contact": policy.can_see_contact(user, case),
        "supervises": policy.can_supervise(user, case),
        "co_departments": list(case.co_departments.all()),
        "templates": templates_text.for_case(case) if "comment" in page.allowed else [],
        "filed": request.GET.get("filed") == "1",
    }
    response = render(request, "web/staff/case.html", context, status=status)
    if contacts is not None:
        # Personal data: never kept by a browser or proxy cache.
        response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_GET
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    return render_case(request, visible_case(request, reference))


def _next(request: HttpRequest, case: Case) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return case_url(case)


def case_url(case: Case) -> str:
    return reverse("staff:case", args=[case.reference])


@staff_required
@require_POST
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """One action from the case page (or the field view): done, or the page again
    with the form as typed and the reason it was refused."""
    if action not in FORMS:
        raise Http404
    case = visible_case(request, reference)
    outcome = actions.perform(action, case, _user(request), request.POST, request.FILES)
    if outcome.ok:
        messages.success(request, outcome.message)
        return redirect(_next(request, case))
    case = visible_case(request, reference)  # fresh: a refused action changed nothing
    if outcome.status == 200:
        messages.info(request, outcome.message)
    else:
        messages.error(request, outcome.message)
    bound = {action: outcome.form} if outcome.form else None
    return render_case(request, case, bound=bound, status=outcome.status)


@staff_required
@require_POST
def contact(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the reporter's and followers' contact details; each viewing is audited."""
    user = _user(request)
    case = visible_case(request, reference)
    if not policy.can_see_contact(user, case):
        return forbidden(request, _("Your role does not allow seeing reporters' contact details."))
    lifecycle.record_contact_view(case, Actor.staff(user))
    return render_case(request, case, contacts=list(case.contacts.all()))


@staff_required
@require_GET
def media_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A case photo for staff who may see the case, public or not."""
    item = get_object_or_404(CaseMedia.objects.select_related("case"), pk=pk)
    if not policy.can_view(request.user, item.case):
        raise Http404
    if not item.file:
        # A photo an Open311 app linked to lives at an address its sender chose:
        # the case page shows that link with its host; this address never
        # redirects there, so it cannot be used to send staff anywhere.
        raise Http404
    return photo_files.file_response(request, item, public=False)
