"""/api/openapi.json: a valid OpenAPI 3.1 document of every public API, served as it should be."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from openapi_spec_validator import validate

import cityloop
from cityloop.api import urls as api_urls
from cityloop.api.openapi import build

# The public JSON addresses (route names) the document must describe.
PUBLIC_ROUTES = {
    "stats-cases-geojson": "/stats/cases.geojson",
    "areas": "/areas.geojson",
    "vital_signs_json": "/vital-signs.json",
    "audit-checkpoints": "/audit/checkpoints.json",
    "healthz": "/healthz",
    "readyz": "/readyz",
    "metrics": "/metrics",
    "openapi": "/api/openapi.json",
    "api_participation_processes": "/api/v1/participation/processes",
    "api_participation_budgets": "/api/v1/participation/budgets",
    "api_participation_surveys": "/api/v1/participation/surveys",
}
OPEN311 = ["discovery", "services", "services/{service_code}", "requests",
           "requests/{service_request_id}", "tokens/{token}", "servicerequestupdates"]


def _document(client: Client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def test_the_document_is_valid_openapi_3_1(client):
    document = _document(client)
    assert document["openapi"].startswith("3.1.")
    validate(document)  # raises on any error


def test_its_version_is_the_packages_and_its_server_the_public_url(client):
    with override_settings(PUBLIC_URL="https://city.example/cityloop"):
        document = _document(client)
    assert document["info"]["version"] == cityloop.__version__
    assert document["servers"][0]["url"] == "https://city.example/cityloop"
    assert _document(client)["servers"][0]["url"] == "http://127.0.0.1:8000"


def test_it_is_cached_answers_head_and_may_be_read_by_any_origin(client):
    response = client.get("/api/openapi.json")
    assert response["Cache-Control"] == "public, max-age=3600"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["ETag"].startswith('"')
    assert client.get("/api/openapi.json")["ETag"] == response["ETag"]
    head = client.head("/api/openapi.json")
    assert (head.status_code, head.content) == (200, b"")


def test_every_public_json_address_is_described(client):
    paths = _document(client)["paths"]
    for name, path in PUBLIC_ROUTES.items():
        assert reverse(name) == path
        assert "get" in paths[path], path
    assert "get" in paths["/sensing/datastreams/{id}/series.json"]
    assert "get" in paths["/basemap/{z}/{x}/{y}.geojson"]
    for path in ("processes/{id}/proposals", "budgets/{id}/results", "surveys/{id}/results",
                 "surveys/{id}/points.geojson"):
        assert set(paths[f"/api/v1/participation/{path}"]) == {"get"}, path
    assert set(paths["/sta/v1.1/{entitySet}"]) == {"get", "post"}
    (entity_set,) = [p for p in paths["/sta/v1.1/{entitySet}"]["get"]["parameters"]
                     if p.get("name") == "entitySet"]
    assert "MultiDatastreams" in entity_set["schema"]["enum"]  # every set the root lists


def test_every_address_under_api_is_described(client):
    """The addresses of cityloop/api/urls.py, their ids spelled as the document does."""
    paths = _document(client)["paths"]
    for pattern in api_urls.urlpatterns:
        path = "/api/" + re.sub(r"<(?:\w+:)?pk>", "{id}", str(pattern.pattern))
        assert "get" in paths.get(path, {}), f"{path} is not in the OpenAPI document"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_open311_resource_is_described_in_both_formats(client, fmt):
    paths = _document(client)["paths"]
    media = {"json": "application/json", "xml": "text/xml"}[fmt]
    for resource in OPEN311:
        item = paths[f"/open311/v2/{resource}.{fmt}"]
        for operation in item.values():
            for status, answer in operation["responses"].items():
                assert list(answer["content"]) == [media], (resource, status)
            # A key sent to any of them is checked: 403 outside its scope, 429 over its limit.
            assert {"400", "403", "405", "429"} <= set(operation["responses"])
            assert operation["responses"]["429"]["headers"]["Retry-After"]["required"]
    assert paths[f"/open311/v2/requests.{fmt}"]["post"]["security"] == [{"open311ApiKey": []}]
    assert paths[f"/open311/v2/services.{fmt}"]["get"]["security"] == [
        {}, {"open311ApiKey": []}]


def test_the_security_schemes_are_open311s_key_and_sensorthings_bearer_or_header(client):
    schemes = _document(client)["components"]["securitySchemes"]
    def where(name: str) -> tuple[str, str, str]:
        scheme = schemes[name]
        return scheme["type"], scheme.get("in", ""), scheme.get("name", scheme.get("scheme"))

    assert where("open311ApiKey") == ("apiKey", "query", "api_key")
    assert where("staBearer") == ("http", "", "bearer")
    assert where("staApiKey") == ("apiKey", "header", "X-Api-Key")


def test_it_is_built_from_code_and_settings_alone(settings):
    """No database: the document can be built (and served) before any migration."""
    settings.OPEN311_MAX_PAGE_SIZE = 50
    page_size = next(p for p in build("http://x")["paths"]["/open311/v2/requests.json"]["get"]
                     ["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["anyOf"][0]["maximum"] == 50
