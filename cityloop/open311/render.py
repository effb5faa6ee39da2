"""Plain data (dicts and lists) to JSON or XML responses, with the spec's element names.

GeoReport v2, "Format support": XML is required, JSON optional; both are
UTF-8, and XML starts with a declaration naming that encoding. Lists of
things are wrapped in a plural element holding one singular element per
item (``<services><service>``, ``<service_requests><request>``); in JSON
they are plain arrays.

XML is built with ``xml.etree`` and JSON with the ``json`` module, never by
pasting user text into markup, so text such as ``<b>`` or ``&`` in a
description comes out escaped.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

from cityloop.open311.errors import ApiError

JSON = "json"
XML = "xml"
FORMATS = (XML, JSON)
CONTENT_TYPES = {
    XML: "text/xml; charset=utf-8",
    JSON: "application/json; charset=utf-8",
}

# Plural container -> element of each item, for lists nested inside items.
ITEM_NAMES = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "service_requests_updates": "request_update",
    "errors": "error",
    "photos": "photo",
    "notes": "note",
}

_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all (control characters, lone
# surrogates, U+FFFE/U+FFFF); text from older data or other channels may
# hold them and must not make the document unreadable.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def to_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def to_xml(root: str, data: Any) -> bytes:
    """``data`` (a list of dicts, or one dict) as an XML document under ``root``."""
    element = ET.Element(root)
    _fill(element, root, data)
    return _XML_DECLARATION + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), key, child)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _fill(ET.SubElement(element, item_name), item_name, item)
    else:
        element.text = _text(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def respond(fmt: str, root: str, data: Any, status: int = 200) -> HttpResponse:
    """The response for ``data``: ``root`` names the XML root element."""
    body = to_json(data) if fmt == JSON else to_xml(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(error: ApiError, fmt: str) -> HttpResponse:
    response = respond(fmt if fmt in FORMATS else XML, "errors", error.as_list(), error.status)
    for name, value in error.headers.items():
        response[name] = value
    return response
