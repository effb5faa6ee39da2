"""Citizen pages: home (/), and a citizen's own case (/track/<token>/).

The report form and its helpers are in ``report_views``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Case, Status
from cityloop.cases.photos import PhotoRejected
from cityloop.web import photos as photo_files
from cityloop.web.citizen import overview, reporting, tracking
from cityloop.web.citizen.forms import RATING_LABELS, AddInfoForm, RatingForm
from cityloop.web.citizen.report_views import REPORTED, script_strings


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/citizen/home.html", {"overview": overview.overview()})


# Other servers (the map tiles') hear at most our origin, never the path that
# holds the token. Not "no-referrer": then browsers send "Origin: null" with
# the page's own forms (rate, add information), and CSRF protection rightly
# refuses them.
REFERRER_POLICY = "strict-origin-when-cross-origin"


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """A tracking page is a key to a case: keep it out of search engines, caches
    and other servers' logs."""
    response["Referrer-Policy"] = REFERRER_POLICY
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _case(token: str) -> Case:
    case = tracking.find(token)
    if case is None:
        raise Http404
    return case


@require_GET
def track(request: HttpRequest, token: str) -> HttpResponseBase:
    return _track(request, _case(token))


def _track(request: HttpRequest, case: Case, *, add_form: AddInfoForm | None = None,
           rate_form: RatingForm | None = None, add_errors: list[str] | None = None,
           rate_errors: list[str] | None = None, status: int = 200) -> HttpResponseBase:
    reported = request.session.get(REPORTED) or {}
    photos = tracking.visible_photos(case)
    context: dict[str, Any] = {
        "case": case,
        "status_label": Status(case.status).label,
        "timeline": tracking.public_timeline(case),
        "before_photos": photos["before"],
        "after_photos": photos["after"],
        "thanks": reported.get("reference") == case.reference,
        "emailed": bool(reported.get("emailed")),
        "tracking_url": request.build_absolute_uri(reverse("track", args=[case.tracking_token])),
        "add_form": add_form or AddInfoForm(),
        "add_errors": add_errors or [],
        "can_rate": tracking.can_rate(case),
        "rate_form": rate_form or RatingForm(),
        "rate_errors": rate_errors or [],
        "rating_label": RATING_LABELS.get(case.rating or 0, ""),
        "rating_choices": list(RATING_LABELS.items()),
        "strings": script_strings(),
    }
    return _private(render(request, "web/citizen/track.html", context, status=status))


@require_GET
def track_photo(request: HttpRequest, token: str, media_id: int) -> HttpResponseBase:
    """A photo of the case, for the holder of its tracking token only."""
    item = tracking.photo_of(_case(token), media_id)
    if item is None:
        raise Http404
    return _private(photo_files.file_response(request, item, public=False))


@require_POST
def track_add_info(request: HttpRequest, token: str) -> HttpResponseBase:
    case = _case(token)
    form = AddInfoForm(request.POST)
    uploads = request.FILES.getlist("photos")
    if not case.is_open:
        return _track(request, case, add_form=form, status=409, add_errors=[
            _("This report is closed, so information can no longer be added. If the problem "
              "is back, please make a new report.")])
    photo_problems = [p.message for p in reporting.check_photos(uploads)]
    if not form.is_valid() or photo_problems:
        return _track(request, case, add_form=form, add_errors=photo_problems, status=400)
    try:
        tracking.add_info(case, form.cleaned_data["text"], uploads)
    except (TransitionRefused, PhotoRejected) as exc:
        return _track(request, case, add_form=form, add_errors=[exc.message], status=409)
    messages.success(request, _("Thank you: your information has been added to the report."))
    return redirect("track", token=case.tracking_token)


@require_POST
def track_rate(request: HttpRequest, token: str) -> HttpResponseBase:
    case = _case(token)
    form = RatingForm(request.POST)
    if not tracking.can_rate(case):
        return _track(request, case, status=409, rate_errors=[
            _("This report is not waiting for a rating.")])
    if not form.is_valid():
        return _track(request, case, rate_form=form, status=400)
    try:
        reopened = tracking.rate(case, form.cleaned_data["rating"], form.cleaned_data["comment"])
    except TransitionRefused as exc:
        return _track(request, case, rate_form=form, rate_errors=[exc.message], status=409)
    if reopened:
        messages.warning(request, _("Your case has been reopened and sent back to the "
                                    "department: every bad rating is followed up."))
    else:
        messages.success(request, _("Thank you for your rating. It helps the city improve."))
    return redirect("track", token=case.tracking_token)
