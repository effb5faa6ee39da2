"""Looking a report up by its reference, by keyboard, and reading its public page:
on a phone and a desktop, in English and Chinese, without console errors or axe problems."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.cases.contacts import ContactInfo
from tests.browser.conftest import DESKTOP, PHONE, describe, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "locale", "status"), [
    (PHONE, "zh-CN", "待分派"), (DESKTOP, "en-GB", "New")], ids=["phone-zh", "desktop-en"])
def test_a_reference_typed_on_the_home_page_opens_the_reports_page(
        city, make_case, open_page, live_server, axe, viewport, locale, status):
    case = make_case(contact=ContactInfo(name="Mei Lin", email="mei@example.org",
                                         phone="13800000000"))
    year, number = case.reference.split("-")
    page, problems = open_page(viewport, locale=locale)
    page.goto(live_server.url + "/")

    # As a person reads it off a receipt: spaces, no leading zeros; Enter sends.
    box = page.locator("#lookup-reference")
    box.focus()
    page.keyboard.type(f"{year} {int(number)}")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/cases/{case.reference}/$"))
    expect(page.get_by_test_id("case-status")).to_have_text(status)
    wait_for_areas(page, "#track-map")
    expect(page.get_by_test_id("case-me-too-form")).to_be_visible()
    body = page.locator("body").inner_text()
    for private in ("Mei Lin", "mei@example.org", "13800000000"):
        assert private not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()


def test_an_unknown_reference_says_so_with_the_box_again(city, open_page, live_server, axe):
    page, problems = open_page(PHONE)
    problems.expect_status(404)
    page.goto(live_server.url + "/")
    page.locator("#lookup-reference").fill("2026-999999")
    page.locator("#lookup-reference").press("Enter")
    expect(page.get_by_test_id("lookup-not-found")).to_contain_text(
        "No report has the reference “2026-999999”.")
    expect(page.locator("#lookup-reference")).to_have_value("2026-999999")
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()
