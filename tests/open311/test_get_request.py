"""GET requests/{id} and tokens/{token}: one request, looked up directly."""

from __future__ import annotations

from tests.open311.conftest import BASE, children, descriptions, errors, json_of, xml_of


def test_it_gives_one_request_as_a_list_in_json(client, case):
    body = json_of(client.get(f"{BASE}/requests/{case.reference}.json"))
    assert len(body) == 1
    assert body[0]["service_request_id"] == case.reference
    assert body[0]["service_code"] == "pothole"


def test_it_gives_one_request_in_xml(client, case):
    root = xml_of(client.get(f"{BASE}/requests/{case.reference}.xml"))
    assert root.tag == "service_requests"
    assert children(root) == ["request"]
    assert root[0].findtext("service_request_id") == case.reference


def test_it_answers_404_for_an_unknown_request(client, case):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests/2026-999999.{fmt}")
        assert response.status_code == 404
        assert errors(response) == [(404, "There is no service request 2026-999999.")]


def test_it_finds_the_request_of_a_token(client, case):
    body = json_of(client.get(f"{BASE}/tokens/{case.token}.json"))
    assert body == [{"service_request_id": case.reference, "token": case.token}]
    root = xml_of(client.get(f"{BASE}/tokens/{case.token}.xml"))
    assert children(root) == ["request"]
    assert children(root[0]) == ["service_request_id", "token"]
    assert root[0].findtext("service_request_id") == case.reference


def test_it_answers_404_for_an_unknown_token(client, case):
    for token in ("0123456789abcdef", "x" * 500):
        response = client.get(f"{BASE}/tokens/{token}.xml")
        assert response.status_code == 404
        assert "There is no service request with token" in descriptions(response)


def test_it_finds_a_request_posted_a_moment_ago(client, post):
    answer = json_of(post())[0]
    token = json_of(client.get(f"{BASE}/tokens/{answer['token']}.json"))[0]
    assert token["service_request_id"] == answer["service_request_id"]
    [request] = json_of(client.get(f"{BASE}/requests/{answer['service_request_id']}.json"))
    assert request["status"] == "open"
