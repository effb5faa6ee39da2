"""An operator files a case for a caller, through services.submit, and reads out the reference."""

from __future__ import annotations

from cityloop.cases.models import Case, CaseEvent, Channel
from tests import citydata
from tests.web.staff.helpers import page


def filing(**overrides):
    lat, lon = citydata.INSIDE_EAST_S
    data = {"service_code": "pothole", "description": "Caller says a deep hole by the bank",
            "lat": str(lat), "lon": str(lon), "address": "", "priority": "",
            "caller_name": "Mr Zhang", "caller_phone": "555-0199", "caller_email": "",
            "caller_language": "zh-hans", "q-pothole-size": "large"}
    data.update(overrides)
    return data


def test_it_shows_the_form_with_each_categorys_questions(client_for, operator):
    response = client_for(operator).get("/staff/new/")
    html = page(response)
    assert response.status_code == 200
    assert 'id="new-case-form"' in html and 'id="new-map"' in html
    assert 'data-category="pothole"' in html and 'name="q-pothole-size"' in html
    assert "How big is the pothole?" in html


def test_it_files_the_case_on_behalf_of_the_caller(client_for, operator):
    response = client_for(operator).post("/staff/new/", filing())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/cases/{case.reference}/?filed=1"
    assert (case.channel, case.created_by, case.attributes) == (
        Channel.STAFF, operator, {"size": "large"})
    assert case.language == "zh-hans"
    reporter = case.contacts.get()
    assert (reporter.name, reporter.phone, reporter.language) == ("Mr Zhang", "555-0199",
                                                                  "zh-hans")
    created = CaseEvent.objects.get(case=case, action="create")
    assert (created.actor_kind, created.actor_user) == ("staff", operator)


def test_it_shows_the_reference_to_read_out(client_for, operator):
    client = client_for(operator)
    response = client.post("/staff/new/", filing(), follow=True)
    case = Case.objects.get()
    html = page(response)
    assert 'data-testid="filed-reference"' in html
    assert f'<strong class="filed-banner__ref">{case.reference}</strong>' in html


def test_it_files_with_an_address_only(client_for, operator):
    client_for(operator).post("/staff/new/", filing(lat="", lon="", address="Corner of 5th"))
    assert Case.objects.get().address == "Corner of 5th"


def test_it_shows_every_problem_on_its_field_and_keeps_the_input(client_for, operator):
    lat, lon = citydata.OUTSIDE
    response = client_for(operator).post("/staff/new/", filing(
        lat=str(lat), lon=str(lon), caller_email="not-an-email", service_code="road_obstruction",
        **{"q-road_obstruction-blocking": ""}))
    html = page(response)
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert 'data-testid="error-summary"' in html
    assert "outside the area the city looks after" in html
    assert 'href="#id_lat"' in html and 'href="#id_caller_email"' in html
    assert 'href="#id_q-road_obstruction-blocking"' in html
    assert "Caller says a deep hole by the bank" in html


def test_it_needs_a_category(client_for, operator):
    response = client_for(operator).post("/staff/new/", filing(service_code=""))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_officers_may_file_too_but_not_everyone(client_for, roads_officer, city):
    from django.contrib.auth.models import User

    assert client_for(roads_officer).get("/staff/new/").status_code == 200
    bare = User.objects.create_user("bare", "bare@city.example", "x", is_staff=True)
    response = client_for(bare).get("/staff/new/")
    assert response.status_code == 403


def test_it_renders_in_chinese(client_for, operator):
    html = page(client_for(operator, "zh-hans").get("/staff/new/"))
    assert '<html lang="zh-hans">' in html and "坑洼有多大？" in html
