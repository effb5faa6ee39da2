"""Asking the residents about a case: a draft survey over its district (``consult``).

For administrators only: they give the draft its dates and publish it in the
admin, where this sends them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityloop.participation import consult
from cityloop.web.staff.auth import staff_required
from cityloop.web.staff.case.views import visible_case
from cityloop.web.staff.participation.guard import refused, user_of


@staff_required
@require_POST
def ask_residents(request: HttpRequest, reference: str) -> HttpResponse:
    case = visible_case(request, reference)
    if not request.user.is_superuser:
        return refused(request, _("Only the city's administrators start a consultation."))
    process = consult.from_case(case, user_of(request))
    messages.success(request, _(
        "A draft survey about case %(reference)s was made. Check its questions, give it "
        "dates and publish it.") % {"reference": case.reference})
    return redirect(reverse("admin:participation_process_change", args=[process.pk]))
