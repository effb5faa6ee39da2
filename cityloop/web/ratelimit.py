"""Rate limits that hold across every web process: counted in the database.

``allow(key, limit, window)`` counts one attempt and says whether it is
within ``limit`` per ``window`` seconds. The count lives in one row per key,
updated in place, so N web servers behind a load balancer share it. Used
for anonymous report submission, staff logins and API keys;
``retry_after(key, window)`` says how long a refused caller should wait
(the ``Retry-After`` of a 429), and ``api_key_retry_after(client)`` does both
for a request sent with an API key.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from cityloop.cases.models import ApiClient
from cityloop.web.models import Throttle

# An API key's limit is per minute (ApiClient.rate_limit says so to the admin).
API_KEY_WINDOW_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, for counting per address.

    X-Forwarded-For can be forged by anyone, so it is read only when the
    request came from a proxy the city named (``CITYLOOP_TRUSTED_PROXIES``),
    and then from the right: each trusted proxy appended the address it saw,
    and the first address that is not one of them is the client's. Anything
    to its left was written by the client and is ignored.
    """
    remote = str(request.META.get("REMOTE_ADDR", "unknown"))
    if not settings.TRUSTED_PROXIES or not _trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop if _is_address(hop) else remote
    return remote


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _trusted(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return any(address in network for network in settings.TRUSTED_PROXIES)


def key_for(action: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"{action}:{digest}"


def allow(key: str, limit: int, window: int) -> bool:
    """Count an attempt for ``key``; False when it is over ``limit`` per ``window`` s."""
    now = timezone.now()
    start = now - timedelta(seconds=window)
    with transaction.atomic():
        # A window that has passed starts again at one.
        if Throttle.objects.filter(key=key, window_start__lt=start).update(
            window_start=now, count=1
        ):
            return True
        if Throttle.objects.filter(key=key).update(count=F("count") + 1):
            count = Throttle.objects.filter(key=key).values_list("count", flat=True).get()
            return count <= limit
        try:
            with transaction.atomic():
                Throttle.objects.create(key=key, window_start=now, count=1)
        except IntegrityError:  # another request created it first
            return allow(key, limit, window)
    return True


def retry_after(key: str, window: int) -> int:
    """Whole seconds until ``key``'s current window ends and it counts from one again."""
    start = Throttle.objects.filter(key=key).values_list("window_start", flat=True).first()
    if start is None:
        return 1
    left = (start + timedelta(seconds=window) - timezone.now()).total_seconds()
    return max(1, min(window, math.ceil(left)))


def reset(key: str) -> None:
    Throttle.objects.filter(key=key).delete()


def refund(key: str) -> None:
    """Give back one counted attempt (a login that succeeded is not a guess)."""
    Throttle.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)


def api_key_retry_after(client: ApiClient) -> int:
    """Count one request of ``client``: 0 when it is within the key's limit, else the
    seconds until the key may ask again (the ``Retry-After`` of a 429).

    Call it outside the request's transaction: a refused request must still count,
    and the counter's row must not stay locked while the request runs.
    """
    # Here rather than in cases.apiclients: the counter rows are this app's, and the
    # domain imports no door. The doors that take a key (open311, sensing.api) call
    # this beside ApiClient.authenticate; moving the counter itself to a neutral
    # module would mean moving its model and a migration, for no other gain.
    limit = client.requests_per_minute()
    if limit <= 0:
        return 0
    key = f"apikey:{client.pk}"
    if allow(key, limit, API_KEY_WINDOW_SECONDS):
        return 0
    return retry_after(key, API_KEY_WINDOW_SECONDS)
