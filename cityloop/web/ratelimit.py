"""Rate limits that hold across every web process: counted in the database.

``allow(key, limit, window)`` counts one attempt and says whether it is
within ``limit`` per ``window`` seconds. The count lives in one row per key,
updated in place, so N web servers behind a load balancer share it. Used
for anonymous report submission and staff logins.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from cityloop.web.models import Throttle


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For can be forged by anyone; a city
    # behind a proxy sets the proxy to pass the real address (see docs).
    return str(request.META.get("REMOTE_ADDR", "unknown"))


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


def reset(key: str) -> None:
    Throttle.objects.filter(key=key).delete()
