"""/warnings/subscribe/: residents ask for the warnings of their areas.

By email (a confirmation link), by text message (a six-digit code typed on the
next page) or as browser notifications (the browser's permission prompt, then
the page's script posts the subscription). The confirmation and unsubscribe
links open a page with one button, because mail scanners open links (a GET
changes nothing); the unsubscribe address also takes the RFC 8058 one-click
POST of mail programs, without a CSRF token: the signed link is the proof.
Every form is rate-limited per client and per address.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cityloop.geo.models import Area, AreaLevel
from cityloop.notify import links
from cityloop.notify.channels.webpush import keys
from cityloop.warnings.subscriptions import optin
from cityloop.warnings.subscriptions.models import Channel
from cityloop.web import ratelimit
from cityloop.web.public.follow_forms import area_choices
from cityloop.web.warnings.subscribe_forms import CodeForm, PushForm, SubscribeForm

# Confirmations one address may be sent per hour, whoever asks: the form must
# not become a way to flood someone's inbox or phone.
PER_ADDRESS_PER_HOUR = 3
PENDING = "cityloop_warning_pending"  # session: the subscription waiting for its code or link


def _context(request: HttpRequest, form: SubscribeForm) -> dict[str, Any]:
    chosen = set(form["areas"].value() or [])
    city = Area.objects.filter(level=AreaLevel.CITY).order_by("id").first()
    return {"form": form, "groups": area_choices(), "chosen": chosen, "city": city,
            "channel": form["channel"].value() or Channel.EMAIL,
            "language": form["language"].value() or get_language() or settings.LANGUAGE_CODE,
            "push_key": keys.public_key()}


def _within_rate(request: HttpRequest, address: str) -> bool:
    by_ip = ratelimit.allow(ratelimit.key_for("warnings", ratelimit.client_ip(request)),
                            settings.REPORT_RATE_PER_HOUR, 3600)
    by_address = address == "" or ratelimit.allow(
        ratelimit.key_for("warnings-address", address.lower()), PER_ADDRESS_PER_HOUR, 3600)
    return by_ip and by_address


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        form = SubscribeForm(initial={"language": get_language(),
                                      "areas": request.GET.getlist("area")})
        return render(request, "warnings/subscribe.html", _context(request, form))
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "warnings/subscribe.html", _context(request, form), status=400)
    data = form.cleaned_data
    address = optin.normalise(data["channel"], data["address"])
    if not _within_rate(request, address):
        return render(request, "warnings/subscribe_too_many.html", status=429)
    subscription = optin.subscribe(optin.Ask(data["channel"], address, tuple(data["areas"]),
                                             data["language"]))
    request.session[PENDING] = {"id": subscription.pk, "channel": subscription.channel,
                                "areas": optin.area_names(data["areas"])}
    return redirect("warnings:subscribe_sent")


@require_http_methods(["GET", "POST"])
def sent(request: HttpRequest) -> HttpResponseBase:
    """"Check your inbox", or the box for the code a text message brought."""
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("warnings:subscribe")
    context: dict[str, Any] = {"pending": pending, "form": CodeForm()}
    if request.method == "POST" and pending["channel"] == Channel.SMS:
        if not _within_rate(request, ""):
            return render(request, "warnings/subscribe_too_many.html", status=429)
        form = CodeForm(request.POST)
        context["form"] = form
        if form.is_valid():
            outcome, _subscription = optin.confirm_code(pending["id"], form.cleaned_data["code"])
            if outcome in (optin.Confirmed.NOW, optin.Confirmed.ALREADY):
                del request.session[PENDING]
                return render(request, "warnings/confirm_done.html",
                              {"outcome": str(outcome), "areas": pending["areas"]})
            context["problem"] = str(outcome)
        return render(request, "warnings/subscribe_sent.html", context, status=400)
    return render(request, "warnings/subscribe_sent.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        optin.LINKS.read_confirm(token)
    except links.Expired:
        return render(request, "warnings/confirm_link.html", {"problem": "expired"}, status=410)
    except links.Invalid:
        return render(request, "warnings/confirm_link.html", {"problem": "invalid"}, status=404)
    if request.method != "POST":
        return render(request, "warnings/confirm.html", {"token": token})
    outcome, subscription = optin.confirm(token)
    return render(request, "warnings/confirm_done.html", {
        "outcome": str(outcome),
        "areas": optin.area_names(subscription.areas.all()) if subscription else ""})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = optin.find(token)
    except links.Invalid:
        return render(request, "warnings/confirm_link.html", {"problem": "invalid"}, status=404)
    if request.method != "POST":
        return render(request, "warnings/unsubscribe.html", {
            "token": token, "gone": subscription is None,
            "areas": optin.area_names(subscription.areas.all()) if subscription else ""})
    optin.unsubscribe(token)
    if links.is_one_click(request.POST):
        # A mail program's one-click request (RFC 8058): it reads the status, not a page.
        return HttpResponse("unsubscribed\n", content_type="text/plain; charset=utf-8")
    return render(request, "warnings/unsubscribe.html", {"done": True})


@require_POST
def push(request: HttpRequest) -> JsonResponse:
    """The browser's push subscription, posted by the page's script (JSON, CSRF header)."""
    if not _within_rate(request, ""):
        return JsonResponse({"error": _("Too many requests; try again in an hour.")},
                            status=429)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return JsonResponse({"error": _("Send the subscription as a JSON object.")}, status=400)
    form = PushForm({"endpoint": data.get("endpoint"), "areas": data.get("areas") or [],
                     "language": data.get("language"),
                     "p256dh": (data.get("keys") or {}).get("p256dh"),
                     "auth": (data.get("keys") or {}).get("auth")})
    if not form.is_valid() or not form.cleaned_data["areas"]:
        return JsonResponse({"error": _("Choose at least one area."),
                             "fields": sorted(form.errors)}, status=400)
    data = form.cleaned_data
    optin.subscribe(optin.Ask(Channel.WEBPUSH, data["endpoint"], tuple(data["areas"]),
                              data["language"],
                              push_keys={"p256dh": data["p256dh"], "auth": data["auth"]}))
    return JsonResponse({"ok": True, "areas": optin.area_names(data["areas"])}, status=201)


@require_GET
def push_key(request: HttpRequest) -> JsonResponse:
    """The city's VAPID public key (also on the page), for scripts that need only it."""
    return JsonResponse({"publicKey": keys.public_key()})
