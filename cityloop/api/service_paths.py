"""Addresses for load balancers, supervisors and Prometheus, and this document itself.

As cityloop/web/health.py answers them: /healthz never touches the
database, /readyz says what each check found, /metrics is for this machine,
signed-in staff or the metrics token.
"""

from __future__ import annotations

from typing import Any

from cityloop.api.public_paths import get
from cityloop.api.spec import JSON, TEXT, Schema, header, obj, response

TAG = "Operations"
METRICS_SCHEME = "metricsToken"

CHECKS = ("database", "migrations", "worker_heartbeat", "outbox")
CHECK: Schema = {"type": "object", "required": ["ok"], "additionalProperties": True,
                 "properties": {"ok": {"type": "boolean"}, "detail": {"type": "string"}}}
READINESS = obj({
    "status": {"type": "string", "enum": ["ready", "not ready"]},
    "checks": obj(dict.fromkeys(CHECKS, CHECK), CHECKS),
}, ["status", "checks"])

SCHEMAS: dict[str, Schema] = {"Readiness": READINESS}
_NO_STORE = {"Cache-Control": header("Never cached.", required=True)}


def paths() -> dict[str, Any]:
    metrics = get(
        "metrics", "Prometheus metrics",
        "For a request from this machine that no proxy relayed, a signed-in member of staff, "
        "or Authorization: Bearer with CITYLOOP_METRICS_TOKEN (then the loopback rule no "
        "longer applies).",
        response("The metrics, in Prometheus' text format.", TEXT, {"type": "string"}),
        extra={"403": response("Not from this machine, staff or the token.", TEXT,
                               {"type": "string"})}, tag=TAG)
    metrics["get"]["security"] = [{}, {METRICS_SCHEME: []}]
    return {
        "/healthz": get(
            "healthz", "Liveness",
            "ok whenever the process answers HTTP; touches no database.",
            response("ok", TEXT, {"type": "string", "const": "ok\n"}, _NO_STORE), tag=TAG),
        "/readyz": get(
            "readyz", "Readiness",
            "Whether the database answers, every migration is applied, a worker was seen "
            "alive recently and no due notification waits too long.",
            response("Ready.", JSON, {"$ref": "#/components/schemas/Readiness"}, _NO_STORE),
            extra={"503": response("Not ready: the checks say why.", JSON,
                                   {"$ref": "#/components/schemas/Readiness"}, _NO_STORE)},
            tag=TAG),
        "/metrics": metrics,
        "/api/openapi.json": get(
            "openapi", "This document",
            "The OpenAPI 3.1 description of CityLoop's public APIs; servers name the address "
            "this city serves on (CITYLOOP_PUBLIC_URL).",
            response("The document.", JSON, {"type": "object"}), tag=TAG),
    }


def security_scheme() -> dict[str, Any]:
    return {METRICS_SCHEME: {"type": "http", "scheme": "bearer",
                             "description": "CITYLOOP_METRICS_TOKEN."}}
