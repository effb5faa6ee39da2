"""The SensorThings API (/sta/v1.1/) in outline: its root, collections and entities.

OGC 18-088 is the SensorThings API's own specification; this document
gives its main shapes only, so that generic OpenAPI tools find it and the
fuzzing test reads every collection with every query option. The writes
are listed with their statuses, entities as plain objects; navigation
paths (``Things(1)/Datastreams``), properties, ``$value``, ``$ref`` and
CreateObservations are as OGC 18-088 gives them (docs/sensorthings.md).
"""

from __future__ import annotations

from typing import Any

from cityloop.api.spec import JSON, Schema, header, path_param, query, ref, response, string
from cityloop.sensing.api.options import MAX_TOP
from cityloop.sensing.api.schema import BY_SET

TAG = "SensorThings"
BASE = "/sta/v1.1"
BEARER, API_KEY = "staBearer", "staApiKey"
ENTITY_SETS = sorted(BY_SET)  # the service's own list, MultiDatastreams (§14.1) included
# Reading needs no key; a key (or a staff session) also shows the private Things it may see.
READ_SECURITY: list[dict[str, list[str]]] = [{}, {BEARER: []}, {API_KEY: []}]
WRITE_SECURITY: list[dict[str, list[str]]] = [{BEARER: []}, {API_KEY: []}]

ENTITY: Schema = {
    "type": "object",
    "description": "An entity: its properties, @iot.id, @iot.selfLink and one "
                   "<Name>@iot.navigationLink per navigation property (OGC 18-088 §8).",
    "additionalProperties": True,
    "properties": {"@iot.id": {"type": "integer"},
                   "@iot.selfLink": string(format="uri")},
}
COLLECTION: Schema = {
    "type": "object",
    "required": ["value"],
    "properties": {
        "@iot.count": {"type": "integer", "minimum": 0},
        "@iot.nextLink": string(format="uri"),
        "value": {"type": "array", "items": {"type": "object"},
                  "description": "Entities, or with $resultFormat=dataArray one object per "
                                 "Datastream or MultiDatastream (§14.3)."},
    },
}
ROOT: Schema = {
    "type": "object",
    "required": ["value", "serverSettings"],
    "properties": {
        "value": {"type": "array", "items": {
            "type": "object", "required": ["name", "url"],
            "properties": {"name": {"type": "string"}, "url": string(format="uri")}}},
        "serverSettings": {"type": "object", "required": ["conformance"],
                           "properties": {"conformance": {"type": "array",
                                                          "items": {"type": "string"}}}},
    },
}
ERROR: Schema = {
    "type": "object",
    "description": "FROST-Server's error body, which SensorThings clients show.",
    "required": ["code", "type", "message"],
    "properties": {"code": {"type": "integer"}, "type": {"const": "error"},
                   "message": {"type": "string"}},
}
BATCH_REQUEST: Schema = {
    "type": "object",
    "description": "An OData 4.01 JSON batch (OData JSON Format §19.1).",
    "required": ["requests"],
    "properties": {"requests": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["id", "method", "url"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "method": {"type": "string", "description": "get, post, patch, put or delete "
                       "(any case); another method is refused in its own response."},
            "url": {"type": "string", "description": "Relative to the service root, an "
                    "absolute path or URL of it, or $<id>/... for what request <id> created."},
            "atomicityGroup": {"type": "string", "minLength": 1},
            "dependsOn": {"type": "array", "items": {"type": "string"}},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "body": {},
        }}}},
}
BATCH_RESPONSE: Schema = {
    "type": "object",
    "required": ["responses"],
    "properties": {"responses": {"type": "array", "items": {
        "type": "object", "required": ["id", "status"],
        "properties": {"id": {"type": "string"}, "status": {"type": "integer"},
                       "headers": {"type": "object"}, "location": string(format="uri"),
                       "body": {}}}}},
}
SCHEMAS: dict[str, Schema] = {"StaRoot": ROOT, "StaCollection": COLLECTION, "StaEntity": ENTITY,
                              "StaError": ERROR, "StaBatchRequest": BATCH_REQUEST,
                              "StaBatchResponse": BATCH_RESPONSE}


def _error(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    return response(description, JSON, ref("StaError"), headers)


def _errors(*statuses: int) -> dict[str, Any]:
    texts = {
        400: "A query option is unknown or malformed, or names what the entity type lacks.",
        404: "No such entity set, or no such entity (or one this reader may not see).",
    }
    answers = {str(s): _error(texts[s]) for s in statuses}
    answers["401"] = _error("A key is needed (to write) or the one sent is unknown or revoked.",
                            {"WWW-Authenticate": header("Bearer.", required=True)})
    answers["403"] = _error("The key lacks the scope this needs.")
    answers["405"] = _error("A method this resource does not answer.",
                            {"Allow": header("The methods it answers.", required=True)})
    answers["429"] = _error("The key is over its rate limit.", {
        "Retry-After": header("Seconds to wait.", {"type": "integer", "minimum": 0},
                              required=True)})
    return answers


def _count(name: str, description: str) -> dict[str, Any]:
    return query(name, description, {"type": "integer", "minimum": 0,
                                     "maximum": 999_999_999_999})


def _options() -> list[dict[str, Any]]:
    return [
        query("$filter", "An OData filter expression (§9.3.3.5), e.g. "
              "`result gt 30 and phenomenonTime ge 2026-01-01T00:00:00Z`.",
              example="name eq 'Tilt meter 3'"),
        query("$expand", "Navigation properties to include, with nested options after `;`.",
              example="Datastreams($top=1)"),
        query("$select", "Comma-separated properties to return.", example="id,name"),
        query("$orderby", "Expressions with asc or desc, comma-separated.", example="id desc"),
        _count("$top", f"Entities per page; the server returns at most {MAX_TOP}."),
        _count("$skip", "Entities to skip."),
        query("$count", "true adds @iot.count.", {"type": "string", "enum": ["true", "false"]}),
        query("$resultFormat", "dataArray: Observations in the compact form of §14.3.",
              {"type": "string", "enum": ["dataArray"]}),
    ]


def _set() -> dict[str, Any]:
    return path_param("entitySet", "An entity set.", {"type": "string", "enum": ENTITY_SETS})


def _get(operation_id: str, summary: str, description: str, ok: dict[str, Any],
         parameters: list[dict[str, Any]], errors: tuple[int, ...]) -> dict[str, Any]:
    return {"get": {
        "tags": [TAG], "operationId": operation_id, "summary": summary,
        "description": description, "parameters": parameters, "security": READ_SECURITY,
        "responses": {"200": ok, **_errors(*errors)},
    }}


def _write(operation_id: str, summary: str, ok: dict[str, Any], *, body: tuple[str, ...] = (),
           errors: tuple[int, ...] = (400, 404)) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "tags": [TAG], "operationId": operation_id, "summary": summary,
        "description": "As OGC 18-088 §10 gives it; needs a key with the sta:write scope "
                       "(optionally limited to the Things of some departments).",
        "security": WRITE_SECURITY,
        "responses": {**ok, **_errors(*errors),
                      "413": _error("The body is larger than CITYLOOP_STA_MAX_BODY_MB."),
                      "415": _error("The body is not JSON (or, for PATCH, a JSON patch).")},
    }
    if body:
        entity = {"schema": {"type": "object"}}
        operation["requestBody"] = {"required": True, "content": dict.fromkeys(body, entity)}
    else:
        del operation["responses"]["413"], operation["responses"]["415"]
    return operation


def _writes_of_collection() -> dict[str, Any]:
    created = response("Created; Location names the new entity.", JSON, ref("StaEntity"),
                       {"Location": header("The new entity's address.", required=True)})
    return {"post": {**_write("staCreate", "Create an entity (deep insert allowed)",
                              {"201": created}, body=(JSON,)),
                     "parameters": [_set()]}}


def _writes_of_entity() -> dict[str, Any]:
    params = [_set(), path_param("id", "The entity's @iot.id.", {"type": "integer"})]
    changed = {"200": response("The entity as changed.", JSON, ref("StaEntity"))}
    return {
        "patch": {**_write("staUpdate", "Change some properties", changed,
                           body=(JSON, "application/merge-patch+json",
                                 "application/json-patch+json")), "parameters": params},
        "put": {**_write("staReplace", "Replace an entity", changed, body=(JSON,)),
                "parameters": params},
        "delete": {**_write("staDelete", "Delete an entity and what depends on it",
                            {"200": response("Deleted.")}), "parameters": params},
    }


def _batch() -> dict[str, Any]:
    multipart = {"schema": {"type": "string", "format": "binary"}}
    errors = _errors(400)
    del errors["403"], errors["405"]
    return {"post": {
        "tags": [TAG], "operationId": "staBatch", "summary": "Many requests in one (§12)",
        "description": "An OData 4.01 JSON batch or an OData 4.0 multipart/mixed batch; "
                       "each request is answered as if sent alone with the batch's key, an "
                       "atomicity group (changeset) is applied all or none. At most "
                       "CITYLOOP_STA_BATCH_MAX_REQUESTS requests.",
        "security": READ_SECURITY,
        "requestBody": {"required": True, "content": {
            JSON: {"schema": ref("StaBatchRequest")}, "multipart/mixed": multipart}},
        "responses": {
            "200": {"description": "One response per request, in the batch's format.",
                    "content": {JSON: {"schema": ref("StaBatchResponse")},
                                "multipart/mixed": multipart}},
            **errors,
            "413": _error("Over CITYLOOP_STA_MAX_BODY_MB or CITYLOOP_STA_BATCH_MAX_REQUESTS."),
            "415": _error("Neither application/json nor multipart/mixed."),
        },
    }}


def paths() -> dict[str, Any]:
    return {
        f"{BASE}/$batch": _batch(),
        f"{BASE}/": _get(
            "staRoot", "SensorThings service root",
            "The entity sets and, in serverSettings, the conformance classes (MQTT among them "
            "when CITYLOOP_MQTT_PUBLIC_URL is set).",
            response("The service root.", JSON, ref("StaRoot")), [], ()),
        f"{BASE}/{{entitySet}}": _get(
            "staCollection", "An entity set",
            "A page of entities; @iot.nextLink names the next page. Private Things, and "
            "everything reached through them, are shown only to readers allowed to see them.",
            response("The page.", JSON, ref("StaCollection")), [_set(), *_options()],
            (400, 404)) | _writes_of_collection(),
        f"{BASE}/{{entitySet}}({{id}})": _get(
            "staEntity", "One entity",
            "The entity with this @iot.id; $expand and $select apply.",
            response("The entity.", JSON, ref("StaEntity")),
            [_set(), path_param("id", "The entity's @iot.id.", {"type": "integer"}),
             *[p for p in _options() if p["name"] in {"$expand", "$select"}]],
            (400, 404)) | _writes_of_entity(),
    }


def security_schemes() -> dict[str, Any]:
    return {
        BEARER: {"type": "http", "scheme": "bearer",
                 "description": "An API key as Authorization: Bearer <key> (HTTP Basic with "
                                "the key as the password works too, for client libraries)."},
        API_KEY: {"type": "apiKey", "in": "header", "name": "X-Api-Key",
                  "description": "The same API key in the X-Api-Key header."},
    }
