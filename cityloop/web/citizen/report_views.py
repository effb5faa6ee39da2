"""The report form (/report/) and the small endpoints its script asks as the citizen goes.

Progressive enhancement: the form works without JavaScript (an address or
landmark instead of the pin; buttons that show the chosen category's
questions or search the categories by posting the form back, everything
entered kept). With JavaScript, report.js asks ``where`` (is the pin in the
city?), ``questions`` (the chosen category's questions), ``nearby`` ("already
reported nearby") and ``suggest`` (categories for the description) as the
citizen goes, each answering a fragment rendered by the same templates.

A form the server sends back (refused, or a no-script step) loses nothing:
the photos are kept by ``pending`` and shown as thumbnails with their tokens,
the map's centre and zoom come back with the pin, and every field keeps its
value.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityloop.cases import photos, policy
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import FieldProblem, TransitionRefused
from cityloop.cases.models import Status
from cityloop.cases.validation import MAX_DESCRIPTION
from cityloop.web import ratelimit
from cityloop.web.citizen import nearby, pending, picker, problems, questions, reporting
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
    kept = pending.find(request.session, request.POST.getlist("kept_photo"))
    uploads = request.FILES.getlist("photos")
    query = request.POST.get("category_query", "").strip()[:100]
    removed = request.POST.get("remove_photo", "")
    if removed:
        # "Remove" beside a kept photo, without the script (which removes it in the page).
        gone = [p for p in kept if p.token == removed]
        pending.forget(request.session, gone)
        kept = [p for p in kept if p.token != removed]
        step = "photos"
    if step == "default" and query and not data.service_code:
        # Enter pressed without the script (which takes the search box out of
        # the form): with a search typed and no category chosen, the citizen
        # is searching, not sending.
        step = "search"
    if step != "submit" and step != "default":
        # The form comes back without sending: the photos chosen so far stay.
        # Keeping files costs disk: counted like sending (a send is counted below).
        if uploads and not _within_rate(request, "keep-photos"):
            return _too_many(request)
        prepared = reporting.prepare_photos(uploads, photos.MAX_PHOTOS - len(kept))
        kept += pending.keep(request.session, prepared.clean)
        return _form(request, data, query=query if step == "search" else "", kept=kept,
                     photo_problems=prepared.problems, show_suggestions=step == "questions")
    if not _within_rate(request, "report"):
        return _too_many(request)
    try:
        case = reporting.submit(data, uploads, language=_language(),
                                kept=pending.contents(kept))
    except reporting.Rejected as exc:
        kept += pending.keep(request.session, exc.photos)
        return _form(request, data, rejected=exc, kept=kept, status=400)
    pending.forget(request.session, kept)
    request.session[REPORTED] = {"reference": case.reference, "emailed": bool(data.email)}
    return redirect("track", token=case.tracking_token)


@require_GET
def kept_photo(request: HttpRequest, token: str) -> HttpResponse:
    """The thumbnail of a photo kept across a refused form, for the session that sent it."""
    data = pending.open_kept(request.session, token)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type="image/jpeg")
    # Someone's photo, for them only: no shared cache may keep it.
    response["Cache-Control"] = "private, no-store"
    return response


def _form(
    request: HttpRequest,
    data: reporting.ReportInput,
    *,
    query: str = "",
    rejected: reporting.Rejected | None = None,
    kept: list[pending.KeptPhoto] | None = None,
    photo_problems: list[FieldProblem] | None = None,
    show_suggestions: bool = False,
    status: int = 200,
) -> HttpResponse:
    kept = kept or []
    triage_code = rejected.triage_code if rejected else ""
    chosen = triage_code or data.category_code
    category = picker.chosen_category(chosen)
    found = picker.groups(chosen, query)
    plain = questions.for_category(category, data.answers) if category else []
    shown = problems.for_citizen((rejected.problems if rejected else []) + (photo_problems or []),
                                 plain)
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
        "nearby": nearby.open_nearby(chosen, data.lat, data.lon, timezone.now(),
                                     data.description),
        "nearby_of_kind": bool(chosen),
        "suggestions": suggested,
        "unconfident": unconfident,
        "problems": shown,
        "errors": problems.by_field(shown),
        "kept_photos": kept,
        "photo_room": photos.MAX_PHOTOS - len(kept),
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
        "nearbyFound": _("Already reported nearby: %(count)s. See the list under the map."),
        "suggestionsFound": _("Suggested kinds of problem are shown under the description."),
        "sending": _("Sending…"),
        "checkTitle": _("Please check your report"),
        "nothingSent": _("Nothing has been sent yet. Everything you entered is kept below."),
        "answerQuestion": _("Answer the question “%(question)s”."),
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
    found = nearby.open_nearby(params.get("service_code", "")[:50],
                               params.get("lat", "")[:30], params.get("lon", "")[:30],
                               timezone.now(),
                               request.POST.get("description", "")[:MAX_DESCRIPTION])
    html = render_to_string("web/citizen/_nearby.html", {
        "nearby": found, "nearby_of_kind": bool(params.get("service_code"))}, request)
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
    form = FollowForm(_follow_data(request))
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


def _follow_data(request: HttpRequest) -> dict[str, str]:
    """The "me too" form's fields: each listed report has its own email box
    (``email-<reference>``), so that an email is always for the report it sits
    beside; the retry page has a plain ``email``."""
    reference = request.POST.get("reference", "")[:20]
    email = request.POST.get(f"email-{reference}", request.POST.get("email", ""))
    return {"reference": reference, "email": email}


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
