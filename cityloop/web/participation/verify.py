"""``/participate/verify/``: a resident proves an email address or a phone number with a
code, and ``/participate/me/``: their page (which address, which street, forget me here).

The address waiting for its code is kept in the session only (never in the page's
address or a hidden field), so the second step cannot be pointed at someone else's.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cityloop.geo.models import Area, AreaLevel
from cityloop.participation import residents
from cityloop.participation.errors import Refused
from cityloop.participation.models import Channel
from cityloop.web.participation import session
from cityloop.web.participation.common import (
    CODES_PER_HOUR,
    errors_of,
    local_next,
    masked,
    to_verify,
    too_many,
    within_rate,
)

PENDING = "participation_pending"  # session: {"channel", "address"} waiting for its code
FIELDS = ("channel", "address", "code")
ADDRESS_MAX = 254  # Resident.address, Verification.address


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    pending = request.session.get(PENDING)
    context.setdefault("errors", {})
    context.setdefault("channel", Channel.EMAIL)
    context.update({
        "next": local_next(request.POST.get("next") or request.GET.get("next")),
        "pending": pending,
        "pending_address": masked(pending["channel"], pending["address"]) if pending else "",
        "resident": session.resident_of(request),
    })
    return render(request, "web/participation/verify.html", context, status=status)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponseBase:
    if request.method != "POST":
        if request.GET.get("again"):
            request.session.pop(PENDING, None)
        return _page(request, {})
    if request.POST.get("step") == "confirm":
        return _confirm(request)
    return _send(request)


def _send(request: HttpRequest) -> HttpResponse:
    channel = request.POST.get("channel", "")
    address = request.POST.get("address", "")
    typed = {"channel": channel or Channel.EMAIL, "address": address[:ADDRESS_MAX]}
    if not within_rate(request, "code", CODES_PER_HOUR):
        return too_many(request)
    if len(address.strip()) > ADDRESS_MAX:  # longer than any address can be stored
        return _page(request, {**typed, "errors": {"address": [
            _("This address is too long: at most %(n)d characters.") % {"n": ADDRESS_MAX}]}},
            status=400)
    try:
        verification = residents.request_code(channel, address,
                                              get_language() or "en")
    except Refused as refused:
        if refused.code == "too_many_codes":
            # A code is on its way to this address (a double tap, a page sent again):
            # keep the form to type it in.
            request.session[PENDING] = {"channel": channel,
                                        "address": residents.normalise(channel, address)}
            return _page(request, {"sent": True, "errors": errors_of(refused, FIELDS)},
                         status=400)
        request.session.pop(PENDING, None)
        return _page(request, {**typed, "errors": errors_of(refused, FIELDS)}, status=400)
    request.session[PENDING] = {"channel": verification.channel,
                                "address": verification.address}
    return _page(request, {"sent": True})


def _confirm(request: HttpRequest) -> HttpResponseBase:
    pending = request.session.get(PENDING)
    if not pending:  # the code form of a session that has ended, or of another browser
        return _page(request, {"errors": {"": [
            _("No code is waiting on this device. Type your address to get one.")]}},
            status=400)
    try:
        resident = residents.confirm_code(pending["channel"], pending["address"],
                                          request.POST.get("code", "")[:50])
    except Refused as refused:
        return _page(request, {"errors": errors_of(refused, FIELDS)}, status=400)
    request.session.pop(PENDING, None)
    session.sign_in(request, resident)
    return redirect(local_next(request.POST.get("next")))


def street_groups() -> list[tuple[str, list[tuple[int, str]]]]:
    """Streets under their district, in the page's language, for the "where I live" list."""
    areas = list(Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.STREET]))
    groups = []
    for district in sorted((a for a in areas if a.level == AreaLevel.DISTRICT),
                           key=lambda a: a.display_name):
        streets = sorted((a for a in areas if a.parent_id == district.pk
                          and a.level == AreaLevel.STREET), key=lambda a: a.display_name)
        if streets:
            groups.append((district.display_name, [(s.pk, s.display_name) for s in streets]))
    return groups


@require_http_methods(["GET", "POST"])
def me(request: HttpRequest) -> HttpResponseBase:
    resident = session.resident_of(request)
    if resident is None:
        return to_verify(request)
    errors: dict[str, list[str]] = {}
    saved = False
    if request.method == "POST":
        chosen = _int(request.POST.get("street"))
        street = (Area.objects.filter(level=AreaLevel.STREET, pk=chosen).first()
                  if chosen is not None else None)
        if street is None:
            errors["street"] = [_("Choose the street you live in from the list.")]
        else:
            residents.declare_street(resident, street)
            saved = True
    return render(request, "web/participation/me.html", {
        "resident": resident, "address": masked(resident), "groups": street_groups(),
        "errors": errors, "saved": saved}, status=400 if errors else 200)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@require_POST
def forget(request: HttpRequest) -> HttpResponseBase:
    """Forget the resident on this browser (their supports and proposals stay)."""
    session.sign_out(request)
    request.session.pop(PENDING, None)
    return redirect("participate:index")
