"""Counts and times every request for Prometheus (``cityloop.metrics``)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetricsMiddleware:
    """First in MIDDLEWARE, so that the time it measures is all of a request's.

    Its own module, importing ``cityloop.metrics`` only when the application
    is built: Django's system checks import every middleware class, and the
    metrics must not exist before ``cityloop serve`` has chosen where they are
    kept (``cityloop.web.server.prepare_metrics_dir``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        from cityloop.metrics import LATENCY, REQUESTS, route_of  # not before serve(): see above

        self.get_response = get_response
        self.requests, self.latency, self.route_of = REQUESTS, LATENCY, route_of

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        route = self.route_of(request)
        method = request.method if request.method in METHODS else "other"
        self.requests.labels(route, method, str(response.status_code)).inc()
        self.latency.labels(route).observe(elapsed)
        return response
