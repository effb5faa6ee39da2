"""On the report form, the note "no updates will be sent" follows the contact fields as
the citizen types, and the button is described by it only while it shows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import citydata
from tests.browser.conftest import PHONE, drop_pin, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_no_contact_note_follows_the_contact_fields(city, open_page, live_server):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    note = page.get_by_test_id("no-contact-note")
    submit = page.locator("#submit-report")
    expect(note).to_be_visible()
    expect(note).to_contain_text("no updates will be sent")
    expect(submit).to_have_attribute("aria-describedby", "no-contact-note")

    page.locator("#contact-email").fill("mei@example.org")
    expect(note).to_be_hidden()
    assert submit.get_attribute("aria-describedby") is None

    page.locator("#contact-email").fill("")
    page.locator("#contact-phone").fill("13800000000")
    expect(note).to_be_hidden()
    page.locator("#contact-phone").fill("")
    expect(note).to_be_visible()
    expect(page.get_by_test_id("no-contact-metoo")).to_be_hidden()
    problems.assert_clean()


def test_a_me_too_email_is_not_taken_for_the_reports_contact(city, make_case, open_page,
                                                              live_server):
    case = make_case()
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    lat, lon = citydata.INSIDE_EAST_S
    drop_pin(page, "#report-map", lat + 0.0003, lon)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    page.fill("#category-search", "pothole")
    page.locator("#category-pothole").check()
    expect(page.get_by_test_id(f"me-too-open-{case.reference}")).to_be_visible()

    # The citizen opens "me too" on a listed report and types an email there.
    page.get_by_test_id(f"me-too-open-{case.reference}").click()
    metoo = page.get_by_label(f"Email for updates on report {case.reference} (optional)")
    assert metoo.get_attribute("autocomplete") == "off"
    metoo.fill("mei@example.org")
    expect(page.get_by_test_id("no-contact-metoo")).to_be_visible()
    expect(page.get_by_test_id("no-contact-note")).to_contain_text("no updates will be sent")

    page.locator("#contact-email").fill("mei@example.org")
    expect(page.get_by_test_id("no-contact-note")).to_be_hidden()
    problems.assert_clean()
