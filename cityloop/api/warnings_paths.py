"""Public warnings in OpenAPI: /api/v1/warnings (cityloop/api/warnings.py), and each
warning's CAP 1.2 document and the Atom feed (cityloop/web/warnings/)."""

from __future__ import annotations

from typing import Any

from cityloop.api.spec import (
    JSON,
    Schema,
    content,
    header,
    nullable,
    obj,
    path_param,
    ref,
    response,
    string,
)
from cityloop.api.sta_paths import API_KEY, BEARER
from cityloop.api.warnings_input import MAX_LENGTH, MAX_MINUTES
from cityloop.warnings.models import Category, Certainty, MsgType, Severity, Status, Urgency

TAG = "Warnings"
CAP_XML = "application/cap+xml"
ATOM = "application/atom+xml"


def _enum(choices: Any, description: str = "") -> Schema:
    return string(description, enum=list(choices.values))


def _texts(name: str) -> Schema:
    return {"oneOf": [
        string(maxLength=MAX_LENGTH[name]),
        {"type": "object", "additionalProperties": string(maxLength=MAX_LENGTH[name]),
         "description": 'By language: {"en": "...", "zh-hans": "..."}.'},
    ]}


TRANSLATED = {"type": "object", "additionalProperties": {"type": "string"},
              "description": "The text by language code (en, zh-hans)."}
POLYGON = obj({"type": {"const": "Polygon"},
               "coordinates": {"type": "array", "items": {"type": "array"}}},
              ["type", "coordinates"], description="A GeoJSON Polygon, longitude first.")

WARNING = obj({
    "identifier": string("CAP identifier."),
    "sender": string("CAP sender."),
    "sent": string("Publication time, with its offset.", format="date-time"),
    "status": _enum(Status), "msg_type": _enum(MsgType),
    "references": nullable(string("The identifier of the warning it replaces.")),
    "event": TRANSLATED, "category": _enum(Category), "severity": _enum(Severity),
    "urgency": _enum(Urgency), "certainty": _enum(Certainty),
    "headline": TRANSLATED, "description": TRANSLATED, "instruction": TRANSLATED,
    "areas": {"type": "array", "items": obj({"id": {"type": "integer"}, "code": string(),
                                             "name": string()}, ["id", "code", "name"])},
    "polygon": nullable(POLYGON),
    "onset": string(format="date-time"), "expires": string(format="date-time"),
    "url": string("The warning's public page.", format="uri"),
    "cap": string("Its CAP 1.2 document.", format="uri"),
}, ["identifier", "sender", "sent", "status", "msg_type", "references", "event", "category",
    "severity", "urgency", "certainty", "headline", "description", "instruction", "areas",
    "polygon", "onset", "expires", "url", "cap"])

NEW_WARNING = obj({
    "event": _texts("event"), "headline": _texts("headline"),
    "description": _texts("description"), "instruction": _texts("instruction"),
    "severity": _enum(Severity, "Any letter case."),
    "urgency": _enum(Urgency, "Any letter case."),
    "certainty": _enum(Certainty, "Any letter case."),
    "category": _enum(Category, "Default: Met (CAP categories)."),
    "status": _enum(Status, "Default: actual."),
    "msg_type": _enum(MsgType, "Default: alert; update and cancel need references."),
    "references": string("For an update or a cancel: the identifier of the newest "
                         "published warning it replaces; its fields are the defaults."),
    "areas": {"type": "array", "items": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
              "description": "Area ids or codes (slugs); a district reaches its streets."},
    "polygon": nullable(POLYGON),
    "expires_in_minutes": {"type": "integer", "minimum": 1, "maximum": MAX_MINUTES,
                           "description": "Default: 360."},
}, description="An alert needs event, severity, urgency, certainty, headline, description "
               "and areas or a polygon.")

ERROR = obj({"error": obj({"code": {"type": "integer"}, "message": string(),
                           "fields": {"type": "object",
                                      "additionalProperties": {"type": "string"},
                                      "description": "Why each bad field was refused."}},
                          ["code", "message"])}, ["error"])

SCHEMAS: dict[str, Schema] = {"Warning": WARNING, "NewWarning": NEW_WARNING,
                              "WarningsError": ERROR,
                              "Warnings": obj({"warnings": {"type": "array",
                                                            "items": ref("Warning")}},
                                              ["warnings"])}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return response(description, JSON, ref("WarningsError"), headers)


def _api() -> dict[str, Any]:
    not_allowed = _error("Another method: Allow lists GET, HEAD and POST.",
                         {"Allow": header("The methods this address answers.", required=True)})
    return {
        "get": {"tags": [TAG], "operationId": "warningsCurrent",
                "summary": "The warnings in force",
                "description": "Published, not replaced, not cancelled and not expired; "
                               "newest first. Public, no key.",
                "responses": {"200": response("The current warnings.", JSON, ref("Warnings")),
                              "405": not_allowed}},
        "post": {"tags": [TAG], "operationId": "warningsPublish",
                 "summary": "Publish a warning, an update or a cancel",
                 "description": "Published at once (docs/warnings.md); the answer is the "
                                "warning, its page in Location.",
                 "security": [{BEARER: []}, {API_KEY: []}],
                 "requestBody": {"required": True, "content": content(JSON, ref("NewWarning"))},
                 "responses": {
                     "201": response("Published.", JSON, ref("Warning"),
                                     {"Location": header("The warning's page.", required=True)}),
                     "400": _error("The body is not JSON, or fields are missing or wrong; "
                                   "fields names each."),
                     "401": _error("No API key, or not a valid one.",
                                   {"WWW-Authenticate": header("Bearer.", required=True)}),
                     "403": _error("The key lacks the warnings:publish scope."),
                     "405": not_allowed,
                     "429": _error("The key is over its rate limit.",
                                   {"Retry-After": header("Seconds to wait.", required=True,
                                                          schema={"type": "string"})}),
                 }},
    }


def _document(operation_id: str, summary: str, description: str, media: str,
              params: list[dict[str, Any]]) -> dict[str, Any]:
    return {"get": {"tags": [TAG], "operationId": operation_id, "summary": summary,
                    "description": description, "parameters": params,
                    "responses": {"200": response(summary + ".", media, string()),
                                  "404": response("No published warning of that identifier."),
                                  "405": response("Only GET and HEAD.")}}}


def paths() -> dict[str, Any]:
    return {
        "/api/v1/warnings": _api(),
        "/warnings/{identifier}.cap": _document(
            "warningCap", "A warning in CAP 1.2",
            "OASIS Common Alerting Protocol 1.2: one info per language, an area per city "
            "area with its outline as a polygon.", CAP_XML,
            [path_param("identifier", "The warning's CAP identifier.",
                        {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})]),
        "/warnings/feed.atom": _document(
            "warningsFeed", "Published warnings as Atom",
            "Newest first; each entry links its CAP document (rel alternate, type "
            "application/cap+xml).", ATOM, []),
    }
