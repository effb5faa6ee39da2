"""POST and GET /api/v1/warnings: keys, scopes, field errors, areas by id or code."""

import json

import pytest
from django.test import Client

from cityloop.cases.models import ApiClient
from cityloop.warnings.models import Warning
from tests.warnings.helpers import published

BODY = {
    "event": {"en": "Flood", "zh-hans": "洪水"},
    "severity": "severe", "urgency": "Immediate", "certainty": "observed",
    "headline": {"en": "River over its banks", "zh-hans": "河水漫堤"},
    "description": {"en": "The river is over its banks at the west bridge.",
                    "zh-hans": "西桥处河水漫堤。"},
    "instruction": {"en": "Keep away from the river.", "zh-hans": "远离河道。"},
    "areas": ["west"], "expires_in_minutes": 120,
}


@pytest.fixture
def key(city):
    return ApiClient.create("River authority", scopes=["warnings:publish"])[1]


def _post(body, key=None, header="Authorization"):
    headers: dict[str, str] = {}
    if key:
        headers = ({"Authorization": f"Bearer {key}"} if header == "Authorization"
                   else {"X-Api-Key": key})
    response = Client().post("/api/v1/warnings", json.dumps(body) if not isinstance(body, str)
                             else body, content_type="application/json", headers=headers)
    return response, json.loads(response.content)


@pytest.mark.parametrize("header", ["Authorization", "X-Api-Key"])
def test_a_key_with_the_scope_publishes_a_warning(city, key, header):
    response, body = _post(BODY, key, header)
    assert response.status_code == 201, body
    warning = Warning.objects.get(identifier=body["identifier"])
    assert warning.published_at is not None and warning.published_by == "API key River authority"
    assert warning.severity == "Severe" and warning.certainty == "Observed"
    assert warning.headline_i18n == {"zh-hans": "河水漫堤"}
    assert warning.expires and warning.published_at
    assert (warning.expires - warning.published_at).total_seconds() == 120 * 60
    assert body["areas"] == [{"id": city.areas["west"].pk, "code": "west",
                              "name": "West District"}]
    assert response["Location"] == body["url"]
    assert body["cap"].endswith(f"/warnings/{warning.identifier}.cap")


def test_areas_by_id_and_a_polygon(city, key):
    polygon = {"type": "Polygon", "coordinates": [[[106.56, 29.57], [106.58, 29.57],
                                                   [106.58, 29.59], [106.56, 29.57]]]}
    response, body = _post({**BODY, "areas": [city.areas["east"].pk], "polygon": polygon}, key)
    assert response.status_code == 201, body
    assert [a["code"] for a in body["areas"]] == ["east"] and body["polygon"] == polygon


def test_an_update_and_a_cancel_reference_the_warning(city, key):
    original = published(city.areas["west"])
    response, body = _post({"msg_type": "update", "references": original.identifier,
                            "severity": "Extreme"}, key)
    assert response.status_code == 201, body
    assert body["references"] == original.identifier and body["severity"] == "Extreme"
    assert body["headline"]["en"] == original.headline  # carried over
    response, body = _post({"msg_type": "cancel", "references": original.identifier}, key)
    assert response.status_code == 400 and "references" in body["error"]["fields"]
    update_id = Warning.objects.get(references=original).identifier
    response, body = _post({"msg_type": "cancel", "references": update_id}, key)
    assert response.status_code == 201 and body["msg_type"] == "cancel"
    assert Client().get("/api/v1/warnings").json() == {"warnings": []}


@pytest.mark.parametrize(("change", "field"), [
    ({"severity": "Terrible"}, "severity"),
    ({"areas": ["atlantis", 99999]}, "areas"),
    ({"areas": []}, "areas"),
    ({"headline": 5}, "headline"),
    ({"headline": {"en": "x" * 161}}, "headline"),
    ({"expires_in_minutes": 0}, "expires_in_minutes"),
    ({"polygon": {"type": "Point", "coordinates": [1, 2]}}, "polygon"),
    ({"colour": "red"}, "colour"),
    ({"references": "abc"}, "references"),
])
def test_bad_fields_are_a_400_naming_each(city, key, change, field):
    response, body = _post({**BODY, **change}, key)
    assert response.status_code == 400
    assert field in body["error"]["fields"], body
    assert not Warning.objects.exists()


def test_missing_fields_and_bad_json(city, key):
    response, body = _post({"areas": ["west"]}, key)
    assert response.status_code == 400
    assert {"event", "severity", "urgency", "certainty", "headline",
            "description"} <= set(body["error"]["fields"])
    response, body = _post("{not json", key)
    assert response.status_code == 400 and body["error"]["message"] == "The body is not JSON."
    response, body = _post([1, 2], key)
    assert response.status_code == 400 and "body" in body["error"]["fields"]


def test_without_a_valid_key_or_the_scope_it_is_refused(city):
    response, body = _post(BODY)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    response, body = _post(BODY, "cl_nobody")
    assert response.status_code == 401
    other = ApiClient.create("Citizen app", scopes=["open311"])[1]
    response, body = _post(BODY, other)
    assert response.status_code == 403 and "warnings:publish" in body["error"]["message"]
    assert not Warning.objects.exists()


def test_a_key_over_its_limit_gets_429(city):
    key = ApiClient.create("Busy", scopes=["warnings:publish"], rate_limit=1)[1]
    assert _post({"areas": ["west"]}, key)[0].status_code == 400
    response, _body = _post(BODY, key)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_get_lists_the_current_warnings_publicly_and_other_methods_get_405(city):
    warning = published(city.areas["west"])
    body = Client().get("/api/v1/warnings").json()
    assert [w["identifier"] for w in body["warnings"]] == [warning.identifier]
    assert body["warnings"][0]["headline"] == {"en": warning.headline,
                                               "zh-hans": "河岸洪水预警"}
    response = Client().delete("/api/v1/warnings")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, POST"
