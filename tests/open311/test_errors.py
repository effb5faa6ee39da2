"""Bad input of every kind gets the spec's error list, never a server error."""

from __future__ import annotations

import pytest
from django.test import override_settings

from cityloop.cases.models import Case, CaseEvent
from cityloop.notify.models import Message
from tests.open311.conftest import BASE, FORM, descriptions, errors, json_of


def _nothing_written():
    return not (Case.objects.exists() or CaseEvent.objects.exists() or Message.objects.exists())


@pytest.mark.parametrize("path", [
    "requests.csv", "services.html", "discovery.yaml", "requests/2026-000001.txt",
    "tokens/abc.pdf", "servicerequestupdates.rss",
])
def test_it_answers_404_in_xml_for_an_unknown_format(client, city, path):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 404
    [(code, description)] = errors(response)
    assert code == 404
    assert "use .xml or .json" in description


def test_it_answers_404_for_an_unknown_format_on_post(client, key, city):
    response = client.post(f"{BASE}/requests.csv", {"api_key": key})
    assert response.status_code == 404
    assert _nothing_written()


@pytest.mark.parametrize("path", ["nothing", "requests", "v3/requests.json", "requests/a/b.json"])
def test_it_answers_404_in_the_error_format_for_an_unknown_path(client, db, path):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code == 404
    assert "There is no such Open311 resource" in descriptions(response)
    fmt = "application/json" if path.endswith(".json") else "text/xml"
    assert response["Content-Type"].startswith(fmt)


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("put", "requests.json", "GET, HEAD, POST"),
    ("delete", "requests.xml", "GET, HEAD, POST"),
    ("post", "services.xml", "GET, HEAD"),
    ("post", "discovery.json", "GET, HEAD"),
    ("patch", "requests/2026-000001.json", "GET, HEAD"),
    ("post", "servicerequestupdates.xml", "GET, HEAD"),
])
def test_it_answers_405_in_the_error_format_for_a_wrong_method(client, city, method, path,
                                                                allowed):
    response = getattr(client, method)(f"{BASE}/{path}")
    assert response.status_code == 405
    assert response["Allow"] == allowed
    assert errors(response)[0][0] == 405


def test_it_answers_head_like_get(client, city):
    assert client.head(f"{BASE}/services.json").status_code == 200


def test_it_refuses_percent_encoded_bytes_that_are_not_utf8_in_the_query(client, case):
    response = client.get(f"{BASE}/requests.json?service_code=%C3%28")
    assert response.status_code == 400
    assert "query string is not valid UTF-8" in descriptions(response)


def test_it_refuses_raw_bytes_that_are_not_utf8_in_the_query(client, case):
    raw = b"status=open&service_code=\xff\xfepothole".decode("latin-1")  # PEP 3333 transport
    response = client.get(f"{BASE}/requests.xml", QUERY_STRING=raw)
    assert response.status_code == 400
    assert "not valid UTF-8" in descriptions(response)


def test_it_takes_raw_utf8_in_the_query(client, case):
    raw = "status=open&locale=zh-hans&jurisdiction_id=重庆".encode().decode("latin-1")
    response = client.get(f"{BASE}/requests.json", QUERY_STRING=raw)
    assert response.status_code == 200
    assert json_of(response)[0]["service_name"] == "路面坑洼"


@pytest.mark.parametrize("body", [
    b"service_code=pothole&lat=29.54&long=106.58&description=\xff\xfe broken",
    b"service_code=pothole&lat=29.54&long=106.58&description=%ff%fe",
    b"service_code=pothole&lat=29.54&long=106.58&description=%C3",
])
def test_it_refuses_a_form_body_that_is_not_utf8(client, key, city, body):
    response = client.post(f"{BASE}/requests.json", b"api_key=" + key.encode() + b"&" + body,
                           content_type=FORM)
    assert response.status_code == 400
    assert "request body is not valid UTF-8" in descriptions(response)
    assert _nothing_written()


def test_it_refuses_a_multipart_body_that_is_not_utf8(client, key, city):
    boundary = "XyZ"
    parts = [("api_key", key.encode()), ("service_code", b"pothole"), ("lat", b"29.54"),
             ("long", b"106.58"), ("description", b"caf\xe9 \xff")]
    body = b"".join(
        b"--XyZ\r\nContent-Disposition: form-data; name=\"" + name.encode() + b"\"\r\n\r\n"
        + value + b"\r\n" for name, value in parts
    ) + b"--XyZ--\r\n"
    response = client.post(f"{BASE}/requests.xml", body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert "not valid UTF-8" in descriptions(response)
    assert _nothing_written()


def test_it_takes_utf8_text_in_the_body(post):
    response = post(description="路面有个大坑 — café")
    assert response.status_code == 200
    assert Case.objects.get().description == "路面有个大坑 — café"


def test_it_refuses_a_json_body(client, key, city):
    response = client.post(f"{BASE}/requests.json", {"api_key": key, "service_code": "pothole"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "form-encoded" in descriptions(response)


def test_it_refuses_a_broken_multipart_body(client, key, city):
    response = client.post(f"{BASE}/requests.json", b"--nope",
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert _nothing_written()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_it_refuses_a_body_too_large(post):
    response = post(description="x" * 3000)
    assert response.status_code == 400
    assert "too large" in descriptions(response)
    assert _nothing_written()


def test_it_refuses_too_many_fields(client, case):
    query = "&".join(f"f{i}=1" for i in range(1200))
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400
    assert errors(response)[0][0] == 400


def test_it_treats_control_characters_as_ordinary_bad_input(client, post):
    # Control characters are dropped (PostgreSQL cannot even store NUL).
    response = post(service_code="pot\x00hole", description="Deep\x00 hole\x07")
    assert response.status_code == 200
    assert Case.objects.get().description == "Deep hole"
    response = client.get(f"{BASE}/requests.json?service_code=%00")
    assert response.status_code == 400
    assert client.get(f"{BASE}/requests/%00.json").status_code == 404
    assert client.get(f"{BASE}/tokens/%00.json").status_code == 404
    assert json_of(client.get(f"{BASE}/requests.json?service_request_id=%00,a%00b")) == []
    assert client.get(f"{BASE}/requests/%FF.json").status_code == 404
    assert client.get(f"{BASE}/services/%FF%FE.xml").status_code == 404


def test_it_refuses_huge_values_without_failing(client, post, case):
    assert post(lat="9" * 10_000).status_code == 400
    response = client.get(f"{BASE}/requests.json", {"service_request_id": "x" * 100_000})
    assert response.status_code == 200
    assert json_of(response) == []
    response = client.get(f"{BASE}/requests.json", {"start_date": "9" * 10_000})
    assert response.status_code == 400


def test_it_explains_errors_in_the_language_asked_for(client, case):
    # The words come from the project's message catalogue; here we check
    # that errors are produced in the language the client asked for.
    response = client.get(f"{BASE}/requests.json", {"status": "pending", "locale": "zh-hans"})
    assert response.status_code == 400
    assert response["Content-Language"] == "zh-hans"
    response = client.get(f"{BASE}/requests.txt", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.status_code == 404
    assert response["Content-Language"] == "zh-hans"
