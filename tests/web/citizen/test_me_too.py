""""Already reported nearby": nearby open cases of the same kind, and "me too" that follows one
instead of opening a new case, without ever showing the original reporter's link."""

from __future__ import annotations

from django.test import Client

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case, CaseContact, CaseEvent, ContactRole
from tests import citydata
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN, ZH, report_fields


def _nearby(client, code="pothole", point=citydata.INSIDE_EAST_S, headers=EN):
    lat, lon = point
    return client.get(f"/report/nearby?service_code={code}&lat={lat + 0.0003}&lon={lon}",
                      **headers)


def test_it_lists_nearby_open_cases_of_the_same_kind(client, city, make_case):
    case = make_case(contact=ContactInfo(name="Mei", email="mei@example.org",
                                         phone="13800000000"))
    data = _nearby(client).json()
    assert data["count"] == 1
    html = data["html"]
    assert "Already reported nearby" in html
    assert case.reference in html
    assert "Deep pothole in the bus lane" in html
    assert "about 30 m from your pin" in html
    assert f'data-testid="me-too-{case.reference}"' in html
    assert 'form="metoo-form"' in html
    # The email box belongs to this one report, and says so.
    assert f"Email for updates on report {case.reference} (optional)" in html
    assert f'name="email-{case.reference}"' in html
    # Never personal data, never the private link.
    for private in ("Mei", "mei@example.org", "13800000000", case.tracking_token):
        assert private not in html


def test_it_lists_nothing_for_another_kind_or_far_away(client, city, make_case):
    make_case()
    assert _nearby(client, code="graffiti").json()["count"] == 0
    assert _nearby(client, point=citydata.INSIDE_WEST_N).json()["count"] == 0


def test_it_never_lists_cases_of_sensitive_categories(client, city, make_case):
    make_case(service_code="noise", attributes={"source": "construction"},
              description="Drilling at night at number 5")
    data = _nearby(client, code="noise").json()
    assert data["count"] == 0
    assert "number 5" not in data["html"]


def test_it_shows_the_list_when_the_form_comes_back(client, city, make_case):
    case = make_case()
    response = client.post("/report/", report_fields(step="questions"), **EN)
    assert f'data-testid="me-too-{case.reference}"' in response.content.decode()


def test_me_too_adds_a_follower_and_no_case(client, city, make_case):
    case = make_case()
    response = client.post("/report/me-too/", {"reference": case.reference,
                                               "email": "li@example.org"}, **EN)
    assert response.status_code == 302
    assert response["Location"] == "/report/me-too/done/"
    assert Case.objects.count() == 1
    follower = CaseContact.objects.get(case=case, role=ContactRole.FOLLOWER)
    assert follower.email == "li@example.org"
    assert follower.language == "en"
    assert CaseEvent.objects.filter(case=case, action="follow").count() == 1

    page = client.get(response["Location"], **EN).content.decode()
    assert "Thank you — you are following this report" in page
    assert f'data-testid="followed-reference">{case.reference}<' in page
    assert "New" in page  # the public status
    assert "We will email you when its status changes." in page
    # The tracking link is the original reporter's alone.
    assert case.tracking_token not in page
    assert "/track/" not in page
    assert "mei@example.org" not in page


def test_me_too_takes_the_email_typed_beside_that_report(client, city, make_case):
    case = make_case()
    other = make_case()
    response = client.post("/report/me-too/", {
        "reference": case.reference, f"email-{case.reference}": "li@example.org",
        f"email-{other.reference}": "someone@example.org"}, **EN)
    assert response.status_code == 302
    assert CaseContact.objects.get(case=case, role=ContactRole.FOLLOWER).email == "li@example.org"
    assert not CaseContact.objects.filter(case=other, role=ContactRole.FOLLOWER).exists()


def test_me_too_without_an_email_is_counted_too(client, city, make_case):
    case = make_case()
    response = client.post("/report/me-too/", {"reference": case.reference}, **ZH)
    assert response.status_code == 302
    assert CaseContact.objects.filter(case=case, role=ContactRole.FOLLOWER).count() == 1
    page = client.get(response["Location"], **ZH).content.decode()
    assert 'lang="zh-hans"' in page
    assert "待分派" in page


def test_me_too_refuses_a_closed_case(client, city, make_case, roads_officer):
    case = make_case()
    act(case, "reject", roads_officer, reason="invalid")
    response = client.post("/report/me-too/", {"reference": case.reference}, **EN)
    assert response.status_code == 409
    assert "no longer open" in response.content.decode()
    assert not CaseContact.objects.filter(role=ContactRole.FOLLOWER).exists()


def test_me_too_refuses_sensitive_and_unknown_cases(client, city, make_case):
    noise = make_case(service_code="noise", attributes={"source": "construction"})
    for reference in (noise.reference, "2026-999999"):
        response = client.post("/report/me-too/", {"reference": reference}, **EN)
        assert response.status_code == 404
    assert not CaseContact.objects.filter(role=ContactRole.FOLLOWER).exists()


def test_me_too_explains_a_wrong_email(client, city, make_case):
    case = make_case()
    response = client.post("/report/me-too/", {"reference": case.reference,
                                               "email": "li at example"}, **EN)
    assert response.status_code == 400
    assert "Write the email address like name@example.com" in response.content.decode()
    assert not CaseContact.objects.filter(role=ContactRole.FOLLOWER).exists()


def test_me_too_is_post_only_and_needs_csrf(city, make_case):
    case = make_case()
    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/report/me-too/?reference={case.reference}").status_code == 405
    assert client.post("/report/me-too/", {"reference": case.reference}).status_code == 403


def test_the_done_page_needs_a_follow_first(client, city):
    assert client.get("/report/me-too/done/")["Location"] == "/report/"
