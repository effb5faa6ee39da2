"""/warnings/ on a phone in Chinese: the banner, the warned area on the map, the card,
the page of the warning, reached by keyboard, with no serious accessibility problem."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, describe, wait_for_areas
from tests.warnings.helpers import published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_reads_a_warning_on_a_phone_in_chinese(city, open_page, live_server, axe):
    warning = published(city.areas["west"])
    page, problems = open_page(PHONE, locale="zh-CN")
    page.goto(live_server.url + "/warnings/")
    expect(page.get_by_test_id("warning-banner")).to_contain_text("河岸洪水预警")
    expect(page.locator("h1")).to_have_text("公众预警")
    wait_for_areas(page, "#warnings-map")
    card = page.get_by_test_id("warning-card")
    expect(card).to_contain_text("西区")
    expect(card).to_contain_text("严重")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)

    page.locator(f'[data-identifier="{warning.identifier}"] h3 a').focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("河岸洪水预警")
    expect(page.locator("main")).to_contain_text("请转移到高处。")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()
