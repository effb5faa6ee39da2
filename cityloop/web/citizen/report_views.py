"""The report form (/report/) and the small endpoints its script asks as the citizen goes.

Progressive enhancement: the form works without JavaScript (an address or
landmark instead of the pin; buttons that show the chosen category's
questions or search the categories by posting the form back, everything
entered kept). With JavaScript, report.js asks ``where`` (is the pin in the
city?), ``questions`` (the chosen category's questions), ``nearby`` ("is it
one of these?") and ``suggest`` (categories for the description) as the
citizen goes, each answering a fragment rendered by the same templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityloop.cases import policy
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Status
from cityloop.cases.validation import MAX_DESCRIPTION
from cityloop.web import ratelimit
from cityloop.web.citizen import nearby, picker, problems, questions, reporting
from cityloop.web.citizen.forms import FollowForm

REPORTED = "cityloop_reported"  # session: the reference just reported, for the thank-you panel
FOLLOWED = "cityloop_followed"  # session: the case just followed ("me too")


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _within_rate(request: HttpRequest, action: str) -> bool:
    """Anonymous reports and "me too"s are limited per address; staff are not."""
    if policy.is_staff(request.user):
        return True
    key = ratelimit.key_for(action, ratelimit.client_ip(request))
    return ratelimit.allow(key, settings.REPORT_RATE_PER_HOUR, 3600)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "web/citizen/too_many.html", status=429)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        data = reporting.ReportInput(service_code=request.GET.get("category", "")[:50])
        return _form(request, data)
    data = reporting.parse(request.POST)
    step = request.POST.get("step", "submit")
    dropped = bool(request.FILES.getlist("photos"))
    query = request.POST.get("category_query", "").strip()[:100]
    if step == "default" and query and not data.service_code:
        # Enter pressed without the script (which takes the search box out of
        # the form): with a search typed and no category chosen, the citizen
        # is searching, not sending.
        step = "search"
    if step == "search":
        return _form(request, data, query=query, photos_dropped=dropped)
    if step == "questions":
        return _form(request, data, photos_dropped=dropped, show_suggestions=True)
    if not _within_rate(request, "report"):
        return _too_many(request)
    try:
        case = reporting.submit(data, request.FILES.getlist("photos"), language=_language())
    except reporting.Rejected as exc:
        return _form(request, data, rejected=exc, photos_dropped=dropped, status=400)
    request.session[REPORTED] = {"reference": case.reference, "emailed": bool(data.email)}
    return redirect("track", token=case.tracking_token)


def _form(
    request: HttpRequest,
    data: reporting.ReportInput,
    *,
    query: str = "",
    rejected: reporting.Rejected | None = None,
    photos_dropped: bool = False,
    show_suggestions: bool = False,
    status: int = 200,
) -> HttpResponse:
    triage_code = rejected.triage_code if rejected else ""
    chosen = triage_code or data.category_code
    category = picker.chosen_category(chosen)
    found = picker.groups(chosen, query)
    plain = questions.for_category(category, data.answers) if category else []
    shown = problems.for_citizen(rejected.problems if rejected else [], plain)
    unconfident = bool(rejected and rejected.about("service_code", "required"))
    suggested: list[reporting.Suggested] = []
    if not data.category_code and (unconfident or show_suggestions):
        suggested, _confident = reporting.suggestions(data.description, _language())
    context = {
        "data": data,
        "chosen": chosen,
        "category": category,
        "triage_category": category if triage_code else None,
        "groups": found or picker.groups(chosen),
        "category_query": query,
        "no_match": bool(query.strip()) and not found,
        "questions": questions.for_category(
            category, data.answers, problems.attribute_errors(shown)) if category else [],
        "nearby": nearby.duplicates_for(chosen, data.lat, data.lon, timezone.now(),
                                        data.description),
        "suggestions": suggested,
        "unconfident": unconfident,
        "problems": shown,
        "errors": problems.by_field(shown),
        "photos_dropped": photos_dropped,
        "max_description": MAX_DESCRIPTION,
        "description_left": MAX_DESCRIPTION - len(data.description),
        "strings": script_strings(),
        "endpoints": {
            "where": reverse("report_where"),
            "questions": reverse("report_questions"),
            "nearby": reverse("report_nearby"),
            "suggest": reverse("report_suggest"),
        },
    }
    return render(request, "web/citizen/report.html", context, status=status)


def script_strings() -> dict[str, str]:
    """report.js's words, translated here: scripts carry no English of their own."""
    return {
        "locating": _("Finding your location…"),
        "geoDenied": _("You did not allow this page to use your location. Tap the map to "
                       "put the pin, or type an address or landmark."),
        "geoUnavailable": _("Your location could not be found. Tap the map to put the pin, "
                            "or type an address or landmark."),
        "geoUnsupported": _("This browser cannot share your location. Tap the map to put "
                            "the pin, or type an address or landmark."),
        "checking": _("Checking the place…"),
        "pinPlaced": _("The pin is in %(place)s."),
        "checkFailed": _("The place could not be checked now. You can still send the report."),
        "pinTitle": _("Where the problem is"),
        "mapLabel": _("Map. Tap to put the pin where the problem is."),
        "chosen": _("Chosen: %(name)s"),
        "searchCount": _("Kinds of problem that match: %(count)s"),
        "noMatch": _("Nothing matches that word. Try another, or choose “I'm not sure” "
                     "and describe the problem."),
        "charsLeft": _("%(count)s characters left"),
        "photosTooMany": _("Only the first %(count)s photos will be sent."),
        "photosPreparing": _("Preparing the photos…"),
        "photosReady": _("Photos ready to send: %(count)s"),
        "photoAlt": _("Photo %(number)s you chose"),
        "photoRemove": _("Remove photo %(number)s"),
        "nearbyFound": _("Similar reports nearby: %(count)s. See “Is it one of these?”."),
        "suggestionsFound": _("Suggested kinds of problem are shown under the description."),
        "sending": _("Sending…"),
    }


@require_GET
def where(request: HttpRequest) -> JsonResponse:
    """Is the pin inside the city? ``{"ok": true, "place": ...}`` or the reason it is not."""
    place = nearby.where(request.GET.get("lat", ""), request.GET.get("lon", ""))
    if place.ok:
        return JsonResponse({"ok": True, "place": place.name,
                             "message": _("The pin is in %(place)s.") % {"place": place.name}})
    status = 200 if place.code == "outside_city" else 400
    return JsonResponse({"ok": False, "code": place.code, "message": place.message},
                        status=status)


@require_GET
def questions_fragment(request: HttpRequest) -> HttpResponse:
    """The chosen category's questions, as the form shows them (empty when it has none)."""
    category = picker.chosen_category(request.GET.get("service_code", "")[:50])
    if category is None:
        return HttpResponse("", status=404)
    context = {"category": category, "questions": questions.for_category(category)}
    return HttpResponse(render_to_string("web/citizen/_questions.html", context, request))


@require_http_methods(["GET", "POST"])
def nearby_fragment(request: HttpRequest) -> JsonResponse:
    """"Is it one of these?": open public cases of the category near the pin.

    The page POSTs, with the description typed so far, so that cases saying
    the same thing rank first; like ``suggest``, POST keeps what a resident
    wrote out of addresses and logs. GET (no text) still answers.
    """
    params = request.POST if request.method == "POST" else request.GET
    found = nearby.duplicates_for(params.get("service_code", "")[:50],
                                  params.get("lat", "")[:30], params.get("lon", "")[:30],
                                  timezone.now(),
                                  request.POST.get("description", "")[:MAX_DESCRIPTION])
    html = render_to_string("web/citizen/_nearby.html", {"nearby": found}, request)
    return JsonResponse({"count": len(found), "html": html})


@require_POST
def suggest(request: HttpRequest) -> JsonResponse:
    """Categories for the description typed so far.

    POST, not GET: a description can say things about people, and query
    strings end up in server logs.
    """
    text = request.POST.get("description", "")[:MAX_DESCRIPTION]
    found, confident = reporting.suggestions(text, _language())
    html = render_to_string("web/citizen/_suggestions.html", {"suggestions": found}, request)
    return JsonResponse({
        "confident": confident,
        "suggestions": [{"code": s.code, "name": s.name, "group": s.group,
                         "confidence": round(s.confidence, 3)} for s in found],
        "html": html,
    })


@require_POST
def me_too(request: HttpRequest) -> HttpResponseBase:
    """Follow an existing case instead of reporting it again."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _follow_page(request, form, status=400)
    if not _within_rate(request, "follow"):
        return _too_many(request)
    email = form.cleaned_data["email"]
    contact = ContactInfo(email=email, language=_language())
    try:
        case = nearby.follow(form.cleaned_data["reference"], contact)
    except nearby.NotFollowable:
        form.add_error(None, _("There is no open report with that reference to follow."))
        return _follow_page(request, form, status=404)
    except TransitionRefused:
        form.add_error(None, _("That report is no longer open, so it cannot be followed. "
                               "If the problem is still there, please report it again."))
        return _follow_page(request, form, status=409)
    request.session[FOLLOWED] = {"reference": case.reference, "emailed": bool(email)}
    return redirect("report_followed")


def _follow_page(request: HttpRequest, form: FollowForm, status: int) -> HttpResponse:
    reference = str(form.data.get("reference", ""))[:20]
    try:
        case: Any = nearby.followable(reference)
    except nearby.NotFollowable:
        case = None
    context = {"form": form, "case": case,
               "status_label": Status(case.status).label if case else ""}
    return render(request, "web/citizen/me_too.html", context, status=status)


@require_GET
def followed(request: HttpRequest) -> HttpResponseBase:
    """The confirmation after "me too": the case's reference and public status only.

    The tracking link belongs to the original reporter and is never shown.
    """
    done = request.session.get(FOLLOWED)
    if not done:
        return redirect("report")
    try:
        case = nearby.followable(str(done.get("reference", "")))
    except nearby.NotFollowable:
        return redirect("report")
    return render(request, "web/citizen/followed.html", {
        "case": case,
        "status_label": Status(case.status).label,
        "emailed": bool(done.get("emailed")),
    })
