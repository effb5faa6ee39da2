"""Every public page renders without console errors and passes axe, on a phone and a desktop."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_shows_the_home_page_cleanly(city, open_page, live_server, axe, viewport):
    page, problems = open_page(viewport)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()


def test_it_offers_chinese_to_a_chinese_browser(city, open_page, live_server):
    page, problems = open_page(PHONE, locale="zh-CN")
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    problems.assert_clean()
