"""The officer's field view (a phone in the street) and filing a case for a caller."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cityloop.cases import policy
from cityloop.web.staff.auth import forbidden, staff_required
from cityloop.web.staff.field import assignments, new


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_required
@require_GET
def field_view(request: HttpRequest) -> HttpResponse:
    position = assignments.parse_position(request.GET.get("lat"), request.GET.get("lon"))
    items = assignments.my_assignments(_user(request), position, timezone.now())
    return render(request, "web/staff/field.html", {
        "items": items,
        "position": position,
        "here": request.get_full_path(),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def new_case(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not policy.may_file_cases(user):
        return forbidden(request, _("Your role does not allow filing cases."))
    form = new.NewCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = new.file_case(form, user)
        if case is not None:
            messages.success(request, _(
                "Case filed. Read the reference to the caller: %(ref)s") % {"ref": case.reference})
            return redirect(f"{reverse('staff:case', args=[case.reference])}?filed=1")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/staff/new.html", {"form": form}, status=status)
