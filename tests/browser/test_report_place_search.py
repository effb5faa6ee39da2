"""The report form's address field finds places as the citizen types and moves the pin;
a pin put on the map is named by its nearest address (cityloop/web/static/cityloop/
place-search.js, /api/v1/places)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, FIND_MAP, PHONE, drop_pin, wait_for_areas
from tests.geo.places.fixtures import HETANG_12, places  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("places")]


def pin_position(page) -> tuple[float, float]:
    return (float(page.locator("#lat").input_value()), float(page.locator("#lon").input_value()))


def centre_map(page, lat: float, lon: float) -> None:
    """Look closely at a spot, as a citizen zooms in before tapping."""
    page.evaluate(f"([sel, lat, lon]) => ({FIND_MAP})(sel).setView([lat, lon], 16, "
                  "{animate: false})", ["#report-map", lat, lon])


def test_typing_half_a_road_and_choosing_it_moves_the_pin(open_page, live_server, axe):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    field = page.get_by_test_id("address")
    expect(field).to_have_attribute("role", "combobox")
    field.click()
    field.press_sequentially("Hetang R")
    options = page.get_by_test_id("address-option")
    expect(options.first).to_contain_text("Hetang Road")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("address-count")).to_contain_text("places found")
    assert axe(page) == []

    field.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", "address-option-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(field).to_have_value("Hetang Road, West N Street, West District")
    expect(field).to_have_attribute("aria-expanded", "false")
    # The pin is on the road (its middle), and the map shows it.
    expect(page.locator("#lat")).not_to_have_value("")
    lat, lon = pin_position(page)
    assert abs(lat - 29.58) < 1e-4 and 106.51 < lon < 106.54
    centre = page.evaluate(f"(sel) => ({FIND_MAP})(sel).getCenter()", "#report-map")
    assert abs(centre["lat"] - lat) < 1e-3 and abs(centre["lng"] - lon) < 1e-3
    expect(page.get_by_test_id("address-near")).to_contain_text("Near: ")
    # The form was not sent by that Enter.
    assert page.url.endswith("/report/")
    # A pin put elsewhere renames what the list wrote (the resident did not type it).
    centre_map(page, *HETANG_12)
    drop_pin(page, "#report-map", HETANG_12[0] + 0.0001, HETANG_12[1])
    expect(field).to_have_value("12 Hetang Road, West N Street, West District")
    problems.assert_clean()


def test_escape_closes_the_list_and_the_chinese_page_finds_by_characters(open_page,
                                                                         live_server):
    page, problems = open_page(DESKTOP, locale="zh-CN")
    page.goto(live_server.url + "/report/")  # in Chinese: the browser asks for it
    wait_for_areas(page, "#report-map")
    field = page.get_by_test_id("address")
    field.click()
    field.press_sequentially("荷塘")
    options = page.get_by_test_id("address-option")
    expect(options.first).to_contain_text("荷塘路")
    field.press("Escape")
    expect(page.get_by_test_id("address-options")).to_be_hidden()
    field.press("ArrowDown")  # opens it again
    expect(options.first).to_be_visible()
    options.nth(1).click()
    expect(field).to_have_value("荷塘路12号，West N Street，西区")
    lat, lon = pin_position(page)
    assert (round(lat, 4), round(lon, 4)) == HETANG_12
    problems.assert_clean()


def test_a_dropped_pin_shows_its_nearest_address_and_fills_an_empty_field(open_page,
                                                                          live_server):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    centre_map(page, *HETANG_12)
    drop_pin(page, "#report-map", HETANG_12[0] + 0.0001, HETANG_12[1])
    near = page.get_by_test_id("address-near")
    expect(near).to_have_text("Near: 12 Hetang Road, West N Street, West District")
    expect(page.get_by_test_id("address")).to_have_value(
        "12 Hetang Road, West N Street, West District")
    # What the citizen typed is theirs: a new pin names the place but keeps the text.
    page.get_by_test_id("address").fill("by the red door")
    centre_map(page, 29.579, 106.535)
    drop_pin(page, "#report-map", 29.579, 106.535)
    expect(near).to_have_text("Near: Hetang Road, West N Street, West District")
    expect(page.get_by_test_id("address")).to_have_value("by the red door")
    problems.assert_clean()
