"""The bodies of CityLoop's Open311 GeoReport v2 answers, as JSON Schema with XML names.

One schema serves both formats: in JSON a list is a plain array; in XML it
is a plural element holding one singular element per item
(``<service_requests><request>``), which the ``xml`` keywords say
(cityloop/open311/render.py). In XML every value is element text.
Field order and presence follow cityloop/open311/serialize.py and
catalog.py.
"""

from __future__ import annotations

from cityloop.api.spec import Schema, nullable, obj, ref, string

W3C = "A W3C date and time with its offset, in the city's time zone: 2026-03-01T14:30:00+08:00."
TEXT = {"type": "string"}
OPEN_CLOSED = {"type": "string", "enum": ["open", "closed"]}
DETAILED_STATUSES = ["new", "assigned", "in_progress", "resolved", "closed", "rejected",
                     "duplicate", "reopened"]


def wrapped(item: str, container: str, description: str = "") -> Schema:
    """A list: a JSON array, or in XML ``<container><item/>…</container>``."""
    schema: Schema = {"type": "array", "items": ref(item),
                      "xml": {"name": container, "wrapped": True}}
    if description:
        schema["description"] = description
    return schema


def _text_list(container: str, item: str) -> Schema:
    return {"type": "array", "items": {"type": "string", "xml": {"name": item}},
            "xml": {"name": container, "wrapped": True}}


ERROR = obj({
    "code": {"type": "integer", "description": "The HTTP status of the answer, as in the "
                                               "spec's examples."},
    "description": string("What is wrong, in the request's language; one error per "
                          "problem found."),
}, ["code", "description"], xml={"name": "error"})

ENDPOINT = obj({
    "specification": string(format="uri"),
    "url": string(format="uri"),
    "changeset": string(W3C),
    "type": {"type": "string", "enum": ["production", "test"]},
    "formats": _text_list("formats", "format"),
}, ["specification", "url", "changeset", "type", "formats"], xml={"name": "endpoint"})

DISCOVERY = obj({
    "changeset": string("When this API last changed in a way clients may notice."),
    "contact": TEXT,
    "key_service": string("Where to ask for an api_key."),
    "endpoints": wrapped("Open311Endpoint", "endpoints"),
}, ["changeset", "contact", "key_service", "endpoints"], xml={"name": "discovery"})

SERVICE = obj({
    "service_code": TEXT,
    "service_name": TEXT,
    "description": TEXT,
    "metadata": {"type": "boolean", "description": "Whether the service has questions "
                                                   "(GET its service definition)."},
    "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
    "keywords": string("Comma-separated."),
    "group": TEXT,
}, ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"],
    xml={"name": "service"})

VALUE = obj({"key": TEXT, "name": TEXT}, ["key", "name"], xml={"name": "value"})

ATTRIBUTE = obj({
    "variable": {"type": "boolean", "description": "false: information shown to the "
                                                   "reporter, not a question."},
    "code": string("Send the answer as attribute[code] (attribute[code][] per value of a "
                   "multivaluelist)."),
    "datatype": {"type": "string", "enum": ["string", "number", "datetime", "text",
                                            "singlevaluelist", "multivaluelist"]},
    "required": {"type": "boolean"},
    "datatype_description": TEXT,
    "order": {"type": "integer"},
    "description": TEXT,
    "values": wrapped("Open311Value", "values"),
}, ["variable", "code", "datatype", "required", "datatype_description", "order",
    "description", "values"], xml={"name": "attribute"})

DEFINITION = obj({
    "service_code": TEXT,
    "attributes": wrapped("Open311Attribute", "attributes"),
}, ["service_code", "attributes"], xml={"name": "service_definition"})

NOTE = obj({
    "datetime": string(W3C),
    "status": OPEN_CLOSED,
    "detailed_status": {"type": "string", "enum": DETAILED_STATUSES},
    "description": string("The public text of the update."),
    "action": string("What was done: assign, start, resolve, reopen, …"),
}, ["datetime", "status", "detailed_status", "description", "action"], xml={"name": "note"})

EXTENDED = obj({
    "reference": TEXT,
    "channel": string("How the case came in: web, open311, staff, sensor, hotspot, email or a "
                      "city's own channel."),
    "detailed_status": {"type": "string", "enum": DETAILED_STATUSES},
    "priority": TEXT,
    "department": string("The code of the department responsible."),
    "area": nullable(string("The code of the area (district or street), never a point.")),
    "photos": _text_list("photos", "photo"),
    "rating": {"type": "integer", "minimum": 1, "maximum": 5,
               "description": "The reporter's rating of the resolution, once rated."},
}, ["reference", "channel", "detailed_status", "priority", "department", "area", "photos"])

REQUEST = obj({
    "service_request_id": TEXT,
    "status": OPEN_CLOSED,
    "status_notes": string("The latest public update's text."),
    "service_name": TEXT,
    "service_code": TEXT,
    "description": string("Empty for sensitive categories."),
    "agency_responsible": TEXT,
    "service_notice": TEXT,
    "requested_datetime": string(W3C),
    "updated_datetime": string(W3C),
    "expected_datetime": string(W3C),
    "address": string("Absent for sensitive categories, as are address_id, lat, long and "
                      "media_url."),
    "address_id": TEXT,
    "zipcode": TEXT,
    "lat": nullable({"type": "number"}),
    "long": nullable({"type": "number"}),
    "media_url": string("The first public photo, or empty."),
    "extended_attributes": {**ref("Open311ExtendedAttributes"),
                            "description": "With extensions=true."},
    "notes": {**wrapped("Open311Note", "notes"),
              "description": "With extensions=true: the public timeline, oldest first."},
}, ["service_request_id", "status", "status_notes", "service_name", "service_code",
    "description", "agency_responsible", "service_notice", "requested_datetime",
    "updated_datetime", "expected_datetime", "zipcode"], xml={"name": "request"})

CREATED = obj({
    "service_request_id": TEXT,
    "service_notice": TEXT,
    "account_id": nullable(TEXT),
    "token": string("For GET tokens/{token}: CityLoop knows the request id at once, so "
                    "clients may ignore it."),
}, ["service_request_id", "service_notice", "account_id", "token"], xml={"name": "request"})

TOKEN = obj({"service_request_id": TEXT, "token": TEXT},
            ["service_request_id", "token"], xml={"name": "request"})

UPDATE = obj({
    "update_id": TEXT,
    "service_request_id": TEXT,
    "status": OPEN_CLOSED,
    "updated_datetime": string(W3C),
    "description": TEXT,
    "media_url": TEXT,
    "external_status_code": {"type": "string", "enum": DETAILED_STATUSES},
}, ["update_id", "service_request_id", "status", "updated_datetime", "description",
    "media_url", "external_status_code"], xml={"name": "request_update"})

SCHEMAS: dict[str, Schema] = {
    "Open311Error": ERROR,
    "Open311Errors": wrapped("Open311Error", "errors"),
    "Open311Endpoint": ENDPOINT,
    "Open311Discovery": DISCOVERY,
    "Open311Service": SERVICE,
    "Open311Services": wrapped("Open311Service", "services"),
    "Open311Value": VALUE,
    "Open311Attribute": ATTRIBUTE,
    "Open311ServiceDefinition": DEFINITION,
    "Open311Note": NOTE,
    "Open311ExtendedAttributes": EXTENDED,
    "Open311Request": REQUEST,
    "Open311Requests": wrapped("Open311Request", "service_requests"),
    "Open311Created": CREATED,
    "Open311CreatedList": wrapped("Open311Created", "service_requests"),
    "Open311Token": TOKEN,
    "Open311Tokens": wrapped("Open311Token", "service_requests"),
    "Open311Update": UPDATE,
    "Open311Updates": wrapped("Open311Update", "service_requests_updates"),
}
