"""The public map's data: public categories only, no personal data, in both languages."""

from __future__ import annotations

import pytest

from tests.web.public.conftest import assert_nothing_personal


def test_it_maps_open_and_resolved_public_cases(client, public_cases):
    data = client.get("/stats/cases.geojson").json()
    refs = {f["properties"]["ref"]: f["properties"] for f in data["features"]}
    assert set(refs) == {public_cases["open"].reference, public_cases["resolved"].reference}
    assert refs[public_cases["open"].reference]["open"] is True
    assert refs[public_cases["resolved"].reference]["status_label"] == "Resolved"


def test_it_never_places_a_sensitive_case(client, public_cases):
    body = client.get("/stats/cases.geojson").content.decode()
    assert public_cases["noise"].reference not in body
    assert "Noise" not in body


def test_it_publishes_only_what_anyone_may_know(client, public_cases):
    response = client.get("/stats/cases.geojson")
    assert_nothing_personal(response.content.decode())
    properties = response.json()["features"][0]["properties"]
    assert set(properties) == {"ref", "category", "service_code", "status", "status_label",
                               "open", "area", "reported"}


def test_it_may_be_cached_briefly(client, city):
    response = client.get("/stats/cases.geojson")
    assert response["Cache-Control"] == "public, max-age=60"
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(("language", "name"), [("en", "Pothole"), ("zh-hans", "路面坑洼")])
def test_it_names_categories_in_the_reader_s_language(client, public_cases, language, name):
    data = client.get("/stats/cases.geojson", HTTP_ACCEPT_LANGUAGE=language).json()
    assert {f["properties"]["category"] for f in data["features"]} == {name}
