"""The operations cockpit shows a new case without being reloaded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import citydata
from tests.browser.conftest import DESKTOP, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_updates_the_cockpit_when_a_case_arrives(city, operator, make_case,
                                                    open_page, live_server, login):
    make_case()  # one case already open: the new one must be told apart
    page, problems = open_page(DESKTOP)
    login(page, operator)  # the operations centre's screen: every department's cases
    page.goto(live_server.url + "/ops/")
    wait_for_areas(page, "#ops-map")
    expect(page.locator("#ops-connection")).to_have_class("ops__connection ops__connection--live")
    intake = page.locator('[data-kpi="intake_today"]')
    expect(intake).to_have_text("1")
    expect(page.locator(".ops-marker")).to_have_count(1)
    page.evaluate("window.__notReloaded = true")

    lat, lon = citydata.INSIDE_WEST_N
    case = make_case(service_code="fallen_tree", lat=lat, lon=lon,
                     attributes={"blocking": "road"},
                     description="A tree has come down across the road")

    # The stream's next message moves the tile, lists and announces the case,
    # and puts it on the map.
    expect(intake).to_have_text("2")
    expect(page.locator(f"#ops-new-cases li[data-ref='{case.reference}']")).to_be_visible()
    expect(page.locator("#ops-announcer")).to_contain_text(case.reference)
    expect(page.locator(f".ops-marker[title^='{case.reference}']")).to_have_count(1)
    assert page.evaluate("window.__notReloaded === true"), "the cockpit reloaded itself"
    problems.assert_clean()
