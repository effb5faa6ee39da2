"""Helpers for the Open311 API tests: calling the API and reading its answers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import translation

from cityloop.cases.models import ApiClient, Case
from tests import citydata

BASE = "/open311/v2"
FORM = "application/x-www-form-urlencoded"


def xml_of(response: Any) -> ET.Element:
    """The root element of an XML answer (a response, or its body)."""
    if isinstance(response, bytes):
        body = response
    else:
        assert response["Content-Type"].startswith("text/xml")
        body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(body)  # noqa: S314  (our own output)


def json_of(response: Any) -> Any:
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def children(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def child(parent: ET.Element, path: str) -> ET.Element:
    """The element at ``path`` under ``parent``; the test fails when there is none."""
    found = parent.find(path)
    assert found is not None, f"no <{path}> in <{parent.tag}>"
    return found


def errors(response: Any) -> list[tuple[int, str]]:
    """The (code, description) pairs of an error answer, in either format."""
    if response["Content-Type"].startswith("application/json"):
        return [(e["code"], e["description"]) for e in json_of(response)]
    root = xml_of(response)
    assert root.tag == "errors"
    out = []
    for error in root:
        assert children(error) == ["code", "description"]
        out.append((int(error.findtext("code") or 0), error.findtext("description") or ""))
    return out


def descriptions(response: Any) -> str:
    return " | ".join(d for _, d in errors(response))


@pytest.fixture(autouse=True)
def english() -> Any:
    # Tests read English messages unless they ask for another language.
    with translation.override("en"):
        yield


@pytest.fixture
def key(api_client_key: tuple[ApiClient, str]) -> str:
    return api_client_key[1]


@pytest.fixture
def post(client: Client, key: str, city: Any) -> Callable[..., Any]:
    """POST requests.{fmt} form-encoded, as a client app does; fields override a valid report."""

    def send(fmt: str = "json", **fields: Any) -> Any:
        lat, lon = citydata.INSIDE_EAST_S
        data: dict[str, Any] = {
            "api_key": key,
            "service_code": "pothole",
            "lat": lat,
            "long": lon,
            "description": "Deep pothole in the bus lane",
            "email": "mei@example.org",
        }
        data.update(fields)
        data = {k: v for k, v in data.items() if v is not None}
        return client.post(f"{BASE}/requests.{fmt}", urlencode(data, doseq=True),
                           content_type=FORM)

    return send


@pytest.fixture
def case(make_case: Callable[..., Case]) -> Case:
    return make_case()
