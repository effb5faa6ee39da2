"""Prometheus metrics: what the processes count, and what the database says at scrape time.

Counted in each process (and summed over the web processes of ``cityloop
serve`` by prometheus_client's multiprocess mode, see ``cityloop.web.server``):

- ``cityloop_http_requests_total{route,method,status}`` and
  ``cityloop_http_request_duration_seconds{route}``: ``route`` is the URL
  pattern's name (``open311:requests``, ``staff:case``), never the raw path,
  so that a million case references stay one series;
- ``cityloop_observations_stored_total``: observations stored by ingest
  (its rate is the ingest rate).

Read from the database when scraped (``DatabaseCollector``, one query each):
cases by status, the outbox (depth, oldest pending, lag), the age of the
newest worker heartbeat, the rule evaluation lag and the rule queue (depth,
oldest).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    values,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from cityloop import probes

log = logging.getLogger(__name__)
# A "_created" timestamp beside every series doubles what Prometheus stores,
# and the multiprocess mode does not have them anyway.
disable_created_metrics()

REQUESTS = Counter("cityloop_http_requests", "HTTP requests answered, by route, method and status.",
                   ["route", "method", "status"])
LATENCY = Histogram(
    "cityloop_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
    ["route"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
OBSERVATIONS_STORED = Counter("cityloop_observations_stored",
                              "Sensor observations stored (HTTP and MQTT ingest).")


def observations_stored(count: int) -> None:
    OBSERVATIONS_STORED.inc(count)


def route_of(request: HttpRequest) -> str:
    match = request.resolver_match
    if match is not None:
        return match.view_name or match.route
    if request.path.startswith(settings.STATIC_URL):
        return "static"  # answered by WhiteNoise before URL resolution
    return "unmatched"


def _gauge(name: str, documentation: str, value: float | None) -> Iterator[Metric]:
    if value is not None:  # unknown (no worker ever ran, say): no sample rather than a guess
        yield GaugeMetricFamily(name, documentation, value=value)


class DatabaseCollector(Collector):
    """Gauges read from the database when Prometheus scrapes."""

    def collect(self) -> Iterator[Metric]:
        try:
            by_status = probes.cases_by_status()
            box = probes.outbox()
            heartbeat = probes.heartbeat_age()
            rule_lag = probes.rule_evaluation_lag()
            rules = probes.rule_queue()
        except DatabaseError:
            log.exception("metrics: the database did not answer")
            yield GaugeMetricFamily("cityloop_database_up", "1 when the database answers.",
                                    value=0)
            return
        yield GaugeMetricFamily("cityloop_database_up", "1 when the database answers.", value=1)
        cases = GaugeMetricFamily("cityloop_cases", "Cases by status.", labels=["status"])
        for status, n in sorted(by_status.items()):
            cases.add_metric([status], n)
        yield cases
        depth = GaugeMetricFamily("cityloop_outbox_messages", "Notifications not yet sent.",
                                  labels=["status"])
        depth.add_metric(["queued"], box.queued)
        depth.add_metric(["sending"], box.sending)
        yield depth
        yield from _gauge("cityloop_outbox_oldest_pending_age_seconds",
                          "Age of the oldest notification not yet sent.", box.oldest_pending_age)
        yield from _gauge("cityloop_outbox_lag_seconds",
                          "How long the oldest notification due now has waited.", box.lag)
        yield from _gauge("cityloop_worker_heartbeat_age_seconds",
                          "Seconds since a worker was last seen alive.", heartbeat)
        yield from _gauge("cityloop_rule_evaluation_lag_seconds",
                          "Seconds since the least recently evaluated active sensor rule "
                          "was evaluated.", rule_lag)
        yield GaugeMetricFamily("cityloop_rule_queue_datastreams",
                                "Datastreams waiting for the worker to evaluate their rules.",
                                value=rules.datastreams)
        yield from _gauge("cityloop_rule_queue_oldest_age_seconds",
                          "Seconds since the longest waiting datastream of the rule queue "
                          "received its data.", rules.oldest_age)


_DATABASE = CollectorRegistry(auto_describe=False)
_DATABASE.register(DatabaseCollector())


def exposition() -> bytes:
    """The text Prometheus scrapes: this process's (or every web process's) counters,
    then the database's gauges."""
    if getattr(values.ValueClass, "_multiprocess", False):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        counted = generate_latest(registry)
    else:
        counted = generate_latest(REGISTRY)
    return counted + generate_latest(_DATABASE)
