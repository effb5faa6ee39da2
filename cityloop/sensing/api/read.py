"""GET: the service root (OGC 18-088 §9.2.1), collections, entities, properties,
``$value`` and ``$ref`` (§9.2), with the query options of §9.3."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from cityloop.sensing.api import dataarray, options, serialize
from cityloop.sensing.api.errors import StaError, bad_request, not_found
from cityloop.sensing.api.expand import expand
from cityloop.sensing.api.query import page
from cityloop.sensing.api.resource import Resource
from cityloop.sensing.api.schema import BY_SET, OBSERVATION
from cityloop.sensing.api.serialize import Links

SPEC = "http://www.opengis.net/spec/iot_sensing/1.1/req/"
# FROST-Server's name for the OData 4.01 JSON batch, which its clients look for.
JSON_BATCH = "https://fraunhoferiosb.github.io/FROST-Server/extensions/JsonBatchRequest.html"
CONFORMANCE = [
    SPEC + "datamodel",
    SPEC + "resource-path/resource-path-to-entities",
    SPEC + "request-data",
    SPEC + "create-update-delete",
    SPEC + "data-array/data-array",
    SPEC + "batch-request/batch-request",
    SPEC + "multi-datastream",
    JSON_BATCH,
]
MQTT_CREATE = SPEC + "create-observations-via-mqtt/observations-creation"
MQTT_RECEIVE = SPEC + "receive-updates-via-mqtt/receive-updates"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> HttpResponse:
    response = HttpResponse(json.dumps(data, ensure_ascii=False, default=str), status=status,
                            content_type="application/json; charset=utf-8")
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def root(links: Links) -> HttpResponse:
    """§9.2.1: the entity sets and, in serverSettings, what this server conforms to."""
    conformance = list(CONFORMANCE)
    server: dict[str, Any] = {}
    mqtt = settings.MQTT_PUBLIC_URL
    if mqtt:
        conformance += [MQTT_CREATE, MQTT_RECEIVE]
        server[MQTT_CREATE] = {"endpoints": [mqtt]}
        server[MQTT_RECEIVE] = {"endpoints": [mqtt]}
    return json_response({
        "value": [{"name": name, "url": links.collection(name)} for name in sorted(BY_SET)],
        "serverSettings": {"conformance": conformance, **server},
    })


def get(resource: Resource, params: Mapping[str, str], links: Links) -> HttpResponse:
    if resource.kind == "root":
        return root(links)
    if resource.kind == "create-observations":
        raise _post_only()
    assert resource.entity is not None
    if resource.kind in {"property", "value"}:
        return _property(resource)
    opts = options.parse(params, resource.entity)
    if resource.kind == "ref":
        return _references(resource, opts, links)
    if resource.kind == "entity":
        assert resource.obj is not None
        expand([resource.obj], resource.entity, opts.expand, links)
        return json_response(serialize.entity(resource.entity, resource.obj, opts, links))
    return _collection(resource, opts, links)


def _post_only() -> Exception:
    return StaError(405, _("CreateObservations only answers POST."), {"Allow": "POST"})


def _collection(resource: Resource, opts: options.Options, links: Links) -> HttpResponse:
    assert resource.entity is not None
    if opts.result_format == "dataArray":
        if resource.entity is not OBSERVATION:
            raise bad_request(_("$resultFormat=dataArray is only for Observations."))
        if opts.expand:
            raise bad_request(_("$resultFormat=dataArray cannot be combined with $expand."))
    found = page(resource.queryset, opts)
    next_link = (links.collection(resource.path, found.next_query)
                 if found.next_query is not None else None)
    if opts.result_format == "dataArray":
        return json_response(dataarray.document(found, opts, links, next_link))
    expand(found.rows, resource.entity, opts.expand, links)
    out: dict[str, Any] = {}
    if found.count is not None:
        out["@iot.count"] = found.count
    if next_link:
        out["@iot.nextLink"] = next_link
    out["value"] = [serialize.entity(resource.entity, row, opts, links) for row in found.rows]
    return json_response(out)


def _references(resource: Resource, opts: options.Options, links: Links) -> HttpResponse:
    """§9.2.5 ``$ref``: selfLinks instead of entities."""
    assert resource.entity is not None
    if resource.ref_of == "entity":
        assert resource.obj is not None
        return json_response(serialize.reference(resource.entity, resource.obj, links))
    found = page(resource.queryset, opts)
    out: dict[str, Any] = {}
    if found.count is not None:
        out["@iot.count"] = found.count
    if found.next_query is not None:
        out["@iot.nextLink"] = links.collection(resource.path + "/$ref", found.next_query)
    out["value"] = [serialize.reference(resource.entity, row, links) for row in found.rows]
    return json_response(out)


def _property(resource: Resource) -> HttpResponse:
    """§9.2.4 a property as ``{"name": value}``; §9.2.6 ``$value`` its raw value.

    A property that is null, and a JSON object never given (``properties`` of a
    Thing created without them), answer 204 No Content, as FROST-Server does."""
    assert resource.prop is not None and resource.obj is not None
    value = serialize.property_value(resource.prop, resource.obj)
    name = resource.prop.name
    for key in resource.keys:
        value = _member(value, key, resource)
        name = key
    if value is None or (not resource.keys and resource.prop.is_object and value == {}):
        return HttpResponse(status=204)
    if resource.kind == "property":
        return json_response({name: value})
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    content_type = "text/plain" if isinstance(value, str) else "application/json"
    return HttpResponse(text, content_type=f"{content_type}; charset=utf-8")


def _member(value: Any, key: str, resource: Resource) -> Any:
    """``key`` of a JSON object (or the item at that index of an array), else a 404."""
    if isinstance(value, dict) and key in value:
        return value[key]
    if isinstance(value, list) and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    raise not_found(_("%(path)s does not exist: %(name)s has no member %(key)s.")
                    % {"path": resource.path[:200], "name": resource.prop.name if resource.prop
                       else "", "key": repr(key[:60])})
