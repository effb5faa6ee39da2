"""/api/v1/places and /api/v1/places/reverse over HTTP (cityloop/api/places.py)."""

from __future__ import annotations

import pytest

from tests.geo.places.fixtures import HETANG_12, places  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("places")


def test_a_search_answers_geojson_in_the_language_asked(client):
    response = client.get("/api/v1/places", {"q": "Hetang Ro", "lat": HETANG_12[0],
                                             "lon": HETANG_12[1]})
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "FeatureCollection"
    first = body["features"][0]
    assert first["properties"] == {"id": first["properties"]["id"], "name": "Hetang Road",
                                   "label": "Hetang Road, West N Street, West District",
                                   "kind": "road", "area": "West N Street, West District",
                                   "distance": 485}  # the road's middle: 0.005° east
    assert first["geometry"]["type"] == "Point"
    chinese = client.get("/api/v1/places", {"q": "荷塘", "limit": "1"},
                         HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [f["properties"]["name"] for f in chinese["features"]] == ["荷塘路"]
    by_param = client.get("/api/v1/places", {"q": "Hetnag Road", "lang": "zh"}).json()
    assert by_param["features"][0]["properties"]["name"] == "荷塘路"
    assert "distance" not in by_param["features"][0]["properties"]


def test_reverse_names_the_nearest_address_and_its_area(client):
    body = client.get("/api/v1/places/reverse", {"lat": HETANG_12[0] + 0.0001,
                                                 "lon": HETANG_12[1]}).json()
    [feature] = body["features"]
    assert feature["properties"]["label"] == "12 Hetang Road, West N Street, West District"
    assert feature["properties"]["kind"] == "address"
    # Nothing named near: the street the pin is in; outside the city: nothing.
    alone = client.get("/api/v1/places/reverse", {"lat": "29.525", "lon": "106.505"}).json()
    assert [f["properties"]["label"] for f in alone["features"]] == [
        "West S Street, West District"]
    outside = client.get("/api/v1/places/reverse", {"lat": "10", "lon": "10"}).json()
    assert outside["features"] == []


@pytest.mark.parametrize(("path", "params", "says"), [
    ("/api/v1/places", {}, "q is required"),
    ("/api/v1/places", {"q": "  "}, "q is required"),
    ("/api/v1/places", {"q": "x" * 201}, "q is too long"),
    ("/api/v1/places", {"q": "a", "limit": "ten"}, "limit must be a whole number from 1 to 50"),
    ("/api/v1/places", {"q": "a", "limit": "51"}, "limit must be"),
    ("/api/v1/places", {"q": "a", "lat": "29.5"}, "lat and lon are needed together"),
    ("/api/v1/places", {"q": "a", "lat": "91", "lon": "106"}, "lat must be a number of degrees"),
    ("/api/v1/places", {"q": "a", "lat": "nan", "lon": "106"}, "lat must be"),
    ("/api/v1/places", {"q": "a", "lang": "fr"}, "lang must be one of en, zh-hans"),
    ("/api/v1/places/reverse", {}, "lat and lon are needed together"),
    ("/api/v1/places/reverse", {"lat": "29.5", "lon": "181"}, "lon must be a number"),
])
def test_bad_input_is_a_400_that_says_why(client, path, params, says):
    response = client.get(path, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400 and says in error["message"]


def test_only_reading_is_allowed(client):
    assert client.post("/api/v1/places", {"q": "a"}).status_code == 405
