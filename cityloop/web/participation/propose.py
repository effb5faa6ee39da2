"""``/participate/<slug>/propose/``: a verified resident writes a proposal.

A refusal shows the form again with everything typed kept (but the photo, which a
browser cannot be given back) and the reason beside its field. A body larger than
Django accepts at all (``DATA_UPLOAD_MAX_MEMORY_SIZE``) still gets this page with a
sentence, not a bare 400.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from cityloop.cases import photos
from cityloop.catalogue.models import ServiceCategory
from cityloop.participation import phases
from cityloop.participation import proposals as steps
from cityloop.participation.errors import Refused
from cityloop.participation.models import Process, ProcessKind
from cityloop.web.participation import session
from cityloop.web.participation.common import (
    PROPOSALS_PER_HOUR,
    errors_of,
    to_verify,
    too_many,
    within_rate,
)

FIELDS = ("title", "body", "category", "location", "photo")
# What a refused form sends back: enough to fix an over-long text, not 10 MB again.
KEEP = steps.BODY_MAX * 2


def categories() -> QuerySet[ServiceCategory]:
    return (ServiceCategory.objects.filter(is_public=True, active=True)
            .select_related("group").order_by("group__order", "group__name", "order", "name"))


def _page(request: HttpRequest, process: Process, status: int = 200,
          **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {"process": process, "categories": categories(), "errors": {},
                               "typed": {}, "title_max": steps.TITLE_MAX,
                               "body_max": steps.BODY_MAX, "body_min": steps.BODY_MIN,
                               "strings": {"placed": _("A pin marks the place of your proposal."),
                                           "none": _("No place chosen.")}}
    context.update(extra)
    return render(request, "web/participation/propose.html", context, status=status)


def _float(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number else None  # NaN is no place


def _typed(request: HttpRequest) -> dict[str, str]:
    post = request.POST
    return {"title": post.get("title", "")[:KEEP], "body": post.get("body", "")[:KEEP],
            "category": post.get("category", "")[:60], "lat": post.get("lat", "")[:30],
            "lon": post.get("lon", "")[:30],
            "cut": "1" if len(post.get("body", "")) > KEEP else ""}


def _draft(request: HttpRequest, typed: dict[str, str]) -> steps.Draft:
    category = None
    if typed["category"]:
        category = categories().filter(service_code=typed["category"]).first()
        if category is None:
            raise Refused("bad_category", _("Choose a category from the list, or none."),
                          field="category")
    lat, lon = _float(typed["lat"]), _float(typed["lon"])
    if (typed["lat"] or typed["lon"]) and (lat is None or lon is None):
        raise Refused("bad_location", _("That location is not a place on Earth."),
                      field="location")
    photo = None
    upload = request.FILES.get("photo")
    if upload is not None:
        try:
            photo = photos.reencode(upload)
        except photos.PhotoRejected as rejected:
            raise Refused("bad_photo", rejected.message, field="photo") from None
    return steps.Draft(title=typed["title"], body=request.POST.get("body", ""),
                       language=get_language() or "en", category=category,
                       lat=lat, lon=lon, photo=photo)


def _too_large(request: HttpRequest, process: Process) -> HttpResponse:
    return _page(request, process, status=413, errors={"": [_(
        "What you sent is too large to be read. A proposal is at most %(n)d characters "
        "and one photo; please shorten it and send it again.") % {"n": steps.BODY_MAX}]})


@csrf_exempt  # only to read the form before the CSRF check does: see below
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The CSRF check reads the form, and a form over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` would
    then answer Django's bare 400; reading it here first turns that into this page with a
    sentence, and the check is still made (``csrf_protect``) on everything else."""
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 (reads the body)
        except (RequestDataTooBig, TooManyFieldsSent):
            process = get_object_or_404(Process, slug=slug, published=True,
                                        kind=ProcessKind.PROPOSALS)
            return _too_large(request, process)
    return _propose(request, slug)


@csrf_protect
def _propose(request: HttpRequest, slug: str) -> HttpResponseBase:
    process = get_object_or_404(Process, slug=slug, published=True, kind=ProcessKind.PROPOSALS)
    resident = session.resident_of(request)
    if resident is None:
        return to_verify(request, reverse("participate:proposal_new", args=[slug]))
    try:
        phases.require(process, steps.SUBMIT_PHASES, timezone.now())
        phases.require_resident(process, resident)
    except Refused as refused:
        return _page(request, process, status=403, closed=str(refused.message))
    if request.method != "POST":
        return _page(request, process)
    typed = _typed(request)
    if not within_rate(request, "propose", PROPOSALS_PER_HOUR):
        return too_many(request)
    try:
        proposal = steps.submit_proposal(process, resident, _draft(request, typed))
    except Refused as refused:
        return _page(request, process, status=400, typed=typed,
                     errors=errors_of(refused, FIELDS))
    return redirect("participate:proposal", pk=proposal.pk)
