"""Service discovery tells a client where the API is and what it speaks."""

from __future__ import annotations

from django.test import override_settings

from tests.open311.conftest import BASE, child, children, json_of, xml_of


@override_settings(PUBLIC_URL="https://city.example.org")
def test_it_describes_the_endpoint_in_json(client, db):
    body = json_of(client.get(f"{BASE}/discovery.json"))
    assert list(body) == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = body["endpoints"]
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "https://city.example.org/open311/v2",
        "changeset": body["changeset"],
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }
    assert "https://city.example.org" in body["contact"]


@override_settings(PUBLIC_URL="https://city.example.org")
def test_it_describes_the_endpoint_in_xml(client, db):
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert children(root) == ["changeset", "contact", "key_service", "endpoints"]
    [endpoint] = child(root, "endpoints")
    assert endpoint.tag == "endpoint"
    assert children(endpoint) == ["specification", "url", "changeset", "type", "formats"]
    assert endpoint.findtext("url") == "https://city.example.org/open311/v2"
    assert [f.text for f in child(endpoint, "formats")] == ["text/xml", "application/json"]
    assert [f.tag for f in child(endpoint, "formats")] == ["format", "format"]


def test_it_gives_datetimes_with_an_offset(client, db):
    body = json_of(client.get(f"{BASE}/discovery.json"))
    assert body["changeset"].endswith("+00:00")


def test_it_lets_browser_apps_of_any_origin_read_it(client, db):
    response = client.get(f"{BASE}/discovery.json", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "*"
