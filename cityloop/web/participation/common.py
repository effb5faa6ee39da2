"""What every residents' page shares: who is signed in, where to send the others back to,
an address shown without giving it away, and a refusal placed next to its field."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from cityloop.participation.errors import Refused
from cityloop.participation.models import Channel, Resident
from cityloop.web import ratelimit

# Codes asked for, and proposals sent, per client address per hour: a person needs a
# few; a script filling the page with proposals or someone's inbox with codes needs more.
CODES_PER_HOUR = settings.REPORT_RATE_PER_HOUR
PROPOSALS_PER_HOUR = settings.REPORT_RATE_PER_HOUR


def local_next(value: str | None, default: str = "") -> str:
    """``value`` if it is a path on this site, else ``default`` (or the list of processes).

    Only a path: ``//evil.example`` and ``https://...`` are another site, and a link
    that verifies a resident must not be a way to send them there."""
    fallback = default or reverse("participate:index")
    if not value or not value.startswith("/") or value.startswith("//"):
        return fallback
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return fallback
    return value


def to_verify(request: HttpRequest, back: str = "") -> HttpResponseRedirect:
    """Send someone not yet verified to the verifying page, with the way back."""
    query = urlencode({"next": local_next(back or request.get_full_path())})
    return HttpResponseRedirect(f"{reverse('participate:verify')}?{query}")


def masked(resident_or_channel: Resident | str, address: str = "") -> str:
    """``m***@example.org`` or ``***45``: enough for people to recognise their own."""
    if isinstance(resident_or_channel, Resident):
        channel, address = resident_or_channel.channel, resident_or_channel.address
    else:
        channel = resident_or_channel
    if channel == Channel.EMAIL:
        local, _at, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}"
    return f"***{address[-2:]}"


def errors_of(refused: Refused, fields: tuple[str, ...]) -> dict[str, list[str]]:
    """The refusal's message under its field, or under ``""`` (the top of the page)."""
    key = refused.field if refused.field in fields else ""
    return {key: [str(refused.message)]}


def within_rate(request: HttpRequest, action: str, per_hour: int) -> bool:
    return ratelimit.allow(ratelimit.key_for(f"participate-{action}",
                                             ratelimit.client_ip(request)), per_hour, 3600)


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "web/participation/too_many.html", status=429)
