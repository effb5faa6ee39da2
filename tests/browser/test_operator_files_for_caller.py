"""A call-centre operator files a case for a caller and reads out the reference."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.cases.contacts import reporter_of
from cityloop.cases.models import Case
from tests import citydata
from tests.browser.conftest import DESKTOP, drop_pin, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_files_a_case_for_a_caller(city, operator, open_page, live_server, login):
    page, problems = open_page(DESKTOP)
    login(page, operator)
    page.goto(live_server.url + "/staff/new/")

    page.select_option("#id_service_code", "streetlight")
    # Only the chosen category's questions are shown.
    expect(page.locator(".question-group[data-category=streetlight]")).to_be_visible()
    expect(page.locator(".question-group[data-category=road_obstruction]")).to_be_hidden()
    fault = page.locator("#id_q-streetlight-fault")
    fault.select_option(index=1)
    page.fill("#id_description", "Caller says the lamp outside number 8 has been dark all week.")

    wait_for_areas(page, "#new-map")
    lat, lon = citydata.INSIDE_WEST_N
    drop_pin(page, "#new-map", lat, lon)
    assert abs(float(page.input_value("#id_lat")) - lat) < 0.002
    assert abs(float(page.input_value("#id_lon")) - lon) < 0.002

    page.fill("#id_caller_name", "Li Wei")
    page.fill("#id_caller_phone", "+86 138 0000 1234")
    page.fill("#id_caller_email", "liwei@example.org")
    page.click("#file-case")

    page.wait_for_url(re.compile(r"/staff/cases/[^/]+/\?filed=1$"))
    reference = page.locator(".filed-banner__ref").inner_text().strip()
    expect(page.locator("[data-testid=filed-reference]")).to_be_visible()
    expect(page.locator("#case-reference")).to_have_text(reference)

    case = Case.objects.get(reference=reference)
    assert case.channel == "staff"
    assert case.created_by == operator
    assert case.category.service_code == "streetlight"
    assert case.lat is not None and case.lon is not None
    assert abs(case.lat - lat) < 0.002 and abs(case.lon - lon) < 0.002
    contact = reporter_of(case)
    assert contact is not None
    assert (contact.name, contact.phone, contact.email) == (
        "Li Wei", "+86 138 0000 1234", "liwei@example.org")
    problems.assert_clean()
