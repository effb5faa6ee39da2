"""/follow/: follow a report, an area or a radius by email, with double opt-in.

The form only records a pending subscription and queues a confirmation
email; the confirmation and unsubscribe links each open a page with one
button, because mail scanners open links (a GET changes nothing). The
unsubscribe address also takes the RFC 8058 one-click POST that mail
programs send from the List-Unsubscribe header, without a CSRF token: the
signed link itself is the proof.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cityloop.notify import links
from cityloop.notify.follow import subscriptions, tokens
from cityloop.notify.follow.models import Mode, Target
from cityloop.web import ratelimit
from cityloop.web.public import case_page
from cityloop.web.public.follow_forms import RADII, FollowRequestForm, area_choices

# Confirmation emails one address may be sent per hour, whoever asks: the
# form must not become a way to flood someone's inbox.
EMAILS_PER_ADDRESS_PER_HOUR = 5
ASKED = "cityloop_follow_asked"  # session: what was just asked for, for the "check your inbox" page


def _context(request: HttpRequest, form: FollowRequestForm | None = None) -> dict[str, Any]:
    source = form.data if form is not None and form.is_bound else request.GET
    reference = case_page.normalise(str(source.get("reference", ""))) if source.get(
        "reference") else ""
    case = case_page.find(reference) if reference else None
    return {
        "form": form,
        "what": str(source.get("what", "")),
        "case": case,
        "areas": area_choices(),
        "chosen_area": str(source.get("area", "")),
        "lat": str(source.get("lat", ""))[:20],
        "lon": str(source.get("lon", ""))[:20],
        "radius": str(source.get("radius", "500"))[:5],
        "radii": RADII,
        "modes": Mode.choices,
        "mode": str(source.get("mode", Mode.IMMEDIATE)),
        "email": str(source.get("email", ""))[:254],
    }


def _within_rate(request: HttpRequest, email: str) -> bool:
    by_ip = ratelimit.allow(ratelimit.key_for("follow", ratelimit.client_ip(request)),
                            settings.REPORT_RATE_PER_HOUR, 3600)
    by_address = ratelimit.allow(ratelimit.key_for("follow-email", email.lower()),
                                 EMAILS_PER_ADDRESS_PER_HOUR, 3600)
    return by_ip and by_address


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        return render(request, "web/public/follow.html", _context(request))
    form = FollowRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "web/public/follow.html", _context(request, form), status=400)
    email = form.cleaned_data["email"]
    if not _within_rate(request, email):
        return render(request, "web/public/follow_too_many.html", status=429)
    what = form.cleaned_data["target"]
    subscription = subscriptions.ask(email, what, language=get_language()
                                     or settings.LANGUAGE_CODE, mode=form.cleaned_data["mode"])
    request.session[ASKED] = {"what": subscription.describe(),
                              "reference": what.case.reference if what.case else ""}
    return redirect("follow_sent")


@require_GET
def sent(request: HttpRequest) -> HttpResponseBase:
    asked = request.session.get(ASKED)
    if not asked:
        return redirect("follow")
    return render(request, "web/public/follow_sent.html", {"asked": asked})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        tokens.read_confirm(token)
    except tokens.Expired:
        return render(request, "web/public/follow_link.html", {"problem": "expired"}, status=410)
    except tokens.Invalid:
        return render(request, "web/public/follow_link.html", {"problem": "invalid"}, status=404)
    if request.method != "POST":
        return render(request, "web/public/follow_confirm.html", {"token": token})
    outcome, subscription = subscriptions.confirm(token)
    return render(request, "web/public/follow_confirmed.html", {
        "outcome": str(outcome), "what": subscription.describe() if subscription else "",
        "daily": subscription is not None and subscription.mode == Mode.DIGEST,
        "case": subscription.case if subscription and subscription.target == Target.CASE
        else None})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = subscriptions.find_for_unsubscribe(token)
    except tokens.Invalid:
        return render(request, "web/public/follow_link.html", {"problem": "invalid"}, status=404)
    if request.method != "POST":
        return render(request, "web/public/follow_unsubscribe.html", {
            "token": token, "what": subscription.describe() if subscription else "",
            "gone": subscription is None})
    subscriptions.unsubscribe(token)
    if links.is_one_click(request.POST):
        # A mail program's one-click request (RFC 8058): it reads the status, not a page.
        return HttpResponse("unsubscribed\n", content_type="text/plain; charset=utf-8")
    return render(request, "web/public/follow_unsubscribe.html", {"done": True})
