"""A report with a map pin becomes a case, and the citizen lands on the private tracking page
with the reference and the link to keep."""

from __future__ import annotations

from cityloop.cases.models import Case, CaseContact
from tests import citydata
from tests.web.citizen.conftest import EN, ZH, latest_case


def test_it_opens_a_case_and_shows_the_tracking_page(client, city, post_report):
    response = post_report()
    case = latest_case()
    assert response.status_code == 302
    assert response["Location"] == f"/track/{case.tracking_token}/"
    assert case.channel == "web"
    assert case.category.service_code == "pothole"
    assert case.attributes == {"size": "medium"}
    assert (case.lat, case.lon) == citydata.INSIDE_EAST_S
    assert case.department.code == "roads_east"
    assert case.language == "en"
    reporter = CaseContact.objects.get(case=case)
    assert (reporter.name, reporter.email, reporter.show_name) == ("Mei", "mei@example.org", False)

    page = client.get(response["Location"], **EN).content.decode()
    assert "Thank you — your report has been sent" in page
    assert f'data-testid="confirmation-reference">{case.reference}<' in page
    assert f'value="http://testserver/track/{case.tracking_token}/"' in page
    assert 'id="copy-link"' in page
    assert "We have also sent a confirmation" in page


def test_it_says_nothing_about_email_when_none_was_given(client, city, post_report):
    response = post_report(email="", name="")
    page = client.get(response["Location"], **EN).content.decode()
    assert "Thank you — your report has been sent" in page
    assert "We have also sent a confirmation" not in page
    assert not CaseContact.objects.exists()


def test_it_shows_the_thank_you_only_to_the_person_who_reported(client, city, post_report):
    from django.test import Client

    response = post_report()
    other = Client().get(response["Location"], **EN).content.decode()
    assert "Thank you — your report has been sent" not in other
    assert latest_case().reference in other


def test_it_records_the_language_of_a_chinese_report(client, city, post_report):
    response = post_report(headers=ZH, description="公交车道上有个大坑", show_name="1")
    case = latest_case()
    assert response.status_code == 302
    assert case.language == "zh-hans"
    assert CaseContact.objects.get(case=case).show_name is True
    page = client.get(response["Location"], **ZH).content.decode()
    assert 'lang="zh-hans"' in page
    assert case.reference in page
    assert "路面坑洼" in page


def test_it_accepts_an_address_instead_of_a_pin(client, city, post_report):
    response = post_report(lat="", lon="", address="Outside 12 Jiefang Road")
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.lat is None and case.address == "Outside 12 Jiefang Road"


def test_it_takes_a_datetime_answer_as_city_time(client, city, post_report, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    response = post_report(**{"service_code": "missed_collection", "attribute[size]": None,
                              "attribute[waste_type]": ["household", "kitchen"],
                              "attribute[due_date]": "2026-03-01T08:30"})
    assert response.status_code == 302
    case = latest_case()
    assert case.attributes == {"waste_type": ["household", "kitchen"],
                               "due_date": "2026-03-01T08:30:00+08:00"}
