"""/opendata/ with a published export: readable on a phone, by keyboard, and passes axe."""

from __future__ import annotations

import pytest

from cityloop.analytics import jobs
from tests.browser.conftest import DESKTOP, PHONE, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_open_data_page_lists_the_files_cleanly(city, make_case, open_page, live_server,
                                                     axe, viewport, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    for _i in range(6):
        make_case()
    jobs.opendata_export.export(jobs.directory(), k=5)
    page, problems = open_page(viewport)
    page.goto(live_server.url + "/")
    page.locator("a", has_text="Open data").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/opendata/")
    assert page.locator("h1").inner_text() == "Open data"
    assert page.locator("[data-testid=opendata-files] a").count() == 4
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()
