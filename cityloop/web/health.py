"""For load balancers, process supervisors and Prometheus: /healthz, /readyz, /metrics.

- ``/healthz``: liveness. 200 "ok" whenever the process answers HTTP; it
  touches no database, so a database outage does not get every web process
  restarted by its supervisor.
- ``/readyz``: readiness. 200 when the database answers, every migration is
  applied, a worker was seen alive within CITYLOOP_HEARTBEAT_MAX_AGE and no
  due notification has waited longer than CITYLOOP_OUTBOX_MAX_LAG; else 503.
  A JSON body says what each check found.
- ``/metrics``: Prometheus text (``cityloop.metrics``), for a request from
  this machine that no proxy relayed, a signed-in staff member, or
  ``Authorization: Bearer <CITYLOOP_METRICS_TOKEN>``. With a token set, the
  loopback rule no longer applies (a proxy on the same machine that does not
  say it is one would otherwise open it to the world).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from cityloop import probes

log = logging.getLogger(__name__)
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


@never_cache
@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@never_cache
@csrf_exempt
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = _checks()
    failed = [name for name, check in checks.items() if not check["ok"]]
    response = JsonResponse({"status": "not ready" if failed else "ready", "checks": checks},
                            status=503 if failed else 200)
    if failed:
        # Said once here, as a warning naming the checks, instead of Django's
        # "Service Unavailable" error at every probe of the load balancer.
        log.warning("readyz: not ready (%s)", ", ".join(failed))
        response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _checks() -> dict[str, dict[str, Any]]:
    try:
        probes.database_answers()
    except DatabaseError as exc:
        log.warning("readyz: the database does not answer: %s", exc)
        skipped = {"ok": False, "detail": "not checked: the database does not answer"}
        return {"database": {"ok": False, "detail": str(exc)[:200]},
                "migrations": skipped, "worker_heartbeat": skipped, "outbox": skipped}
    pending = probes.pending_migrations()
    age = probes.heartbeat_age()
    box = probes.outbox()
    max_age, max_lag = settings.HEARTBEAT_MAX_AGE, settings.OUTBOX_MAX_LAG
    return {
        "database": {"ok": True},
        "migrations": {"ok": not pending, "pending": pending[:20],
                       **({"detail": "run cityloop migrate"} if pending else {})},
        "worker_heartbeat": {
            "ok": age is not None and age <= max_age,
            "age_seconds": None if age is None else round(age, 1),
            "max_age_seconds": max_age,
            **({"detail": "no worker has run"} if age is None else {}),
        },
        "outbox": {
            "ok": box.lag is None or box.lag <= max_lag,
            "lag_seconds": None if box.lag is None else round(box.lag, 1),
            "max_lag_seconds": max_lag,
            "queued": box.queued, "sending": box.sending,
        },
    }


@never_cache
@csrf_exempt
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse(
            "Forbidden. /metrics answers requests from this machine, signed-in staff, or a "
            "bearer token (CITYLOOP_METRICS_TOKEN).\n",
            status=403, content_type="text/plain; charset=utf-8",
        )
    from prometheus_client import CONTENT_TYPE_LATEST

    # Not at the top: the URLconf imports this module before ``cityloop serve`` has
    # chosen where metrics are kept (cityloop.web.server.prepare_metrics_dir).
    from cityloop.metrics import exposition

    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              token.encode()):
            return True
    elif _direct_from_loopback(request):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


def _direct_from_loopback(request: HttpRequest) -> bool:
    if any(header in request.META for header in PROXY_HEADERS):
        return False  # relayed by a proxy: the real client is elsewhere
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False
