"""POST requests: a client app reports a problem with its api_key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cityloop.cases import apiclients
from cityloop.cases.models import ApiClient, Case, CaseEvent, CaseMedia
from cityloop.notify.models import Message
from tests import citydata
from tests.open311.conftest import BASE, child, children, descriptions, errors, json_of, xml_of


def test_it_opens_a_case_and_answers_in_json(post, api_client_key):
    response = post(account_id="acct-42", first_name="Mei", last_name="Chen", phone="555-0100")
    assert response.status_code == 200
    [answer] = json_of(response)
    case = Case.objects.get()
    assert list(answer) == ["service_request_id", "service_notice", "account_id", "token"]
    assert answer["service_request_id"] == case.reference
    assert answer["service_notice"] == "We aim to resolve pothole reports within 72 hours."
    assert answer["account_id"] == "acct-42"
    assert answer["token"] == case.token
    assert case.channel == "open311"
    assert case.client == api_client_key[0]
    assert case.department.code == "roads_east"
    reporter = case.contacts.get()
    assert (reporter.name, reporter.email, reporter.phone) == (
        "Mei Chen", "mei@example.org", "555-0100")
    assert reporter.account_id == "acct-42"


def test_it_answers_in_xml_in_the_specs_element_order(post):
    response = post("xml")
    assert response.status_code == 200
    root = xml_of(response)
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert children(request) == ["service_request_id", "service_notice", "account_id", "token"]
    assert request.findtext("service_request_id") == Case.objects.get().reference
    assert child(request, "account_id").text is None  # <account_id/> as in the spec


def test_it_records_the_answers_to_the_service_definition(post):
    response = post(**{"attribute[size]": "large", "attribute[depth_cm]": "12"})
    assert response.status_code == 200, descriptions(response)
    assert Case.objects.get().attributes == {"size": "large", "depth_cm": 12}


def test_it_takes_several_values_of_a_multivaluelist(post):
    response = post(service_code="missed_collection",
                    **{"attribute[waste_type][]": ["household", "recycling"]})
    assert response.status_code == 200, descriptions(response)
    assert Case.objects.get().attributes["waste_type"] == ["household", "recycling"]


def test_it_accepts_multipart_forms(client, key, city):
    lat, lon = citydata.INSIDE_WEST_N
    response = client.post(f"{BASE}/requests.json", {
        "api_key": key, "service_code": "pothole", "lat": lat, "long": lon,
        "attribute[size]": "small", "jurisdiction_id": "anything.example",
    })
    assert response.status_code == 200, descriptions(response)
    assert Case.objects.get().department.code == "roads_west_n"


def test_it_needs_no_csrf_token(key, city):
    client = Client(enforce_csrf_checks=True)
    lat, lon = citydata.INSIDE_EAST_S
    response = client.post(f"{BASE}/requests.json", {
        "api_key": key, "service_code": "pothole", "lat": lat, "long": lon})
    assert response.status_code == 200


def test_it_keeps_a_media_url_private_until_staff_approve_it(post):
    post(media_url="https://img.example.org/pothole.jpg")
    media = CaseMedia.objects.get()
    assert media.url == "https://img.example.org/pothole.jpg"
    assert media.public is False


def test_it_records_the_language_of_the_request(post):
    post(locale="zh_CN")
    assert Case.objects.get().language == "zh-hans"


@pytest.mark.parametrize("api_key", [None, "", "cl_not-a-key", "x" * 5000])
def test_it_refuses_a_missing_or_unknown_api_key(post, api_key):
    response = post(api_key=api_key)
    assert response.status_code == 403
    [(code, _)] = errors(response)
    assert code == 403
    assert not Case.objects.exists()


def test_it_refuses_a_revoked_api_key(post, api_client_key):
    ApiClient.objects.filter(pk=api_client_key[0].pk).update(active=False)
    apiclients.touch()  # queryset updates send no signal (as `cityloop apikey revoke` does)
    response = post("xml")
    assert response.status_code == 403
    assert "revoked" in descriptions(response)


def test_it_notes_when_a_key_was_last_used(post, api_client_key):
    before = timezone.now()
    post()
    used = ApiClient.objects.get(pk=api_client_key[0].pk).last_used_at
    assert used is not None and used >= before - timedelta(seconds=1)


def _nothing_written() -> bool:
    return not (Case.objects.exists() or CaseEvent.objects.exists()
                or Message.objects.exists() or CaseMedia.objects.exists())


@pytest.mark.parametrize(("fields", "expected"), [
    ({"lat": "91"}, "lat must be between -90 and 90"),
    ({"long": "-181"}, "long must be between -180 and 180"),
    ({"lat": "north"}, "lat must be a number"),
    ({"lat": "NaN"}, "lat must be between -90 and 90"),
    ({"lat": "1e999"}, "lat must be between -90 and 90"),
    ({"lat": None}, "Give both lat and long"),
    ({"lat": "29.70", "long": "106.70"}, "outside the area the city looks after"),
    ({"attribute[size]": "huge"},
     "huge is not a choice of attribute[size]; choose from small, medium, large"),
    ({"attribute[depth_cm]": "deep"}, "attribute[depth_cm] must be a number"),
    ({"attribute[colour]": "red"}, "colour is not a question of service pothole"),
    ({"attribute[size][": "x"}, "attribute[size][ is not an attribute field"),
    ({"service_code": "unicorn"}, "unicorn is not a service of this city"),
    ({"service_code": None, "description": None}, "service_code: Choose what kind of problem"),
    ({"description": "x" * 4001}, "description is 4001 characters long; the limit is 4000"),
    ({"email": "not-an-email"}, "not-an-email is not a valid email address"),
    ({"media_url": "javascript:alert(1)"}, "media_url must be an http or https address"),
    ({"service_code": "x" * 100_000}, "is not a service of this city"),
])
def test_it_refuses_a_bad_report_with_a_specific_error(post, fields, expected):
    for fmt in ("json", "xml"):
        response = post(fmt, **fields)
        assert response.status_code == 400, response.content[:300]
        assert expected in descriptions(response)
        assert all(code == 400 for code, _ in errors(response))
    assert _nothing_written()


def test_it_lists_every_problem_of_a_report(post):
    response = post(lat="95", email="nope", **{"attribute[size]": "huge"})
    assert response.status_code == 400
    found = descriptions(response)
    assert len(errors(response)) == 3
    assert "lat must be between -90 and 90" in found
    assert "nope is not a valid email address" in found
    assert "huge is not a choice of attribute[size]" in found


def test_it_refuses_a_required_attribute_left_out(post):
    response = post(service_code="missed_collection")
    assert response.status_code == 400
    assert "attribute[waste_type]" in descriptions(response)
    assert _nothing_written()


def test_it_answers_in_the_language_asked_for(post):
    response = post(locale="zh-hans")
    assert response["Content-Language"] == "zh-hans"
    [answer] = json_of(response)
    assert "路面坑洼" in answer["service_notice"]  # the category's own Chinese name
    assert "72" in answer["service_notice"]
    response = post("xml", api_key="", locale="zh_CN")
    assert response.status_code == 403
    assert response["Content-Language"] == "zh-hans"
