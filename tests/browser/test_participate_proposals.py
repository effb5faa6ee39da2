"""A resident verifies by email, writes a proposal with a point on the map, and another
resident supports it: on a phone and on a desktop, checked with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cityloop.participation import residents
from cityloop.participation.models import Channel, Proposal, Verification
from tests import citydata
from tests.browser.conftest import DESKTOP, PHONE, describe, drop_pin, wait_for_areas
from tests.participation.fixtures import proposals_process  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page: Any, axe: Any, viewport: dict[str, int]) -> None:
    """No serious axe violation, and nothing wider than the screen."""
    violations = axe(page)
    assert not violations, f"{page.url}: {describe(violations)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], page.url


def verify_by_email(page: Any, axe: Any, viewport: dict[str, int], address: str) -> None:
    """On the verifying page: send a code, read it from the database, type it back."""
    expect(page.get_by_test_id("address-form")).to_be_visible()
    check(page, axe, viewport)
    page.get_by_test_id("channel-email").check()
    page.get_by_test_id("address-input").fill(address)
    page.get_by_test_id("address-submit").click()
    expect(page.get_by_test_id("code-sent")).to_be_visible()
    assert address not in page.locator("main").inner_text()
    check(page, axe, viewport)
    pending = Verification.objects.get(identity=residents.identity(Channel.EMAIL, address))
    page.get_by_test_id("code-input").fill(residents.code_of(pending))
    page.get_by_test_id("code-submit").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_resident_proposes_with_a_point_and_another_supports_it(
        city, proposals_process, open_page, live_server, axe, viewport):  # noqa: F811
    page, problems = open_page(viewport)
    page.goto(live_server.url + "/participate/")
    check(page, axe, viewport)
    page.get_by_role("link", name="Proposals process").click()
    expect(page.get_by_test_id("current-phase")).to_contain_text("Proposals")
    check(page, axe, viewport)
    page.get_by_test_id("write-proposal").click()

    # Not verified yet: the verifying page, then straight back to the form.
    verify_by_email(page, axe, viewport, "ann@example.org")
    expect(page.get_by_test_id("propose-form")).to_be_visible()
    wait_for_areas(page, "#propose-map")
    check(page, axe, viewport)
    page.get_by_test_id("title-input").fill("Benches by the river")
    page.get_by_test_id("body-input").fill(
        "Please put benches along the river path,\nso older people can rest on the way.")
    lat, lon = citydata.INSIDE_EAST_N
    drop_pin(page, "#propose-map", lat, lon)
    expect(page.get_by_test_id("point-status")).not_to_be_empty()
    page.get_by_test_id("propose-submit").click()

    expect(page.get_by_test_id("proposal-title")).to_have_text("Benches by the river")
    proposal = Proposal.objects.get()
    assert proposal.lat is not None and proposal.lon is not None
    assert abs(proposal.lat - lat) < 0.002 and abs(proposal.lon - lon) < 0.002
    assert proposal.area_id == city.areas["east_n"].pk
    wait_for_areas(page, "#proposal-map")
    expect(page.get_by_test_id("support-count")).to_contain_text("0 supports")
    assert "ann@example.org" not in page.content()
    check(page, axe, viewport)
    problems.assert_clean()

    # Another resident, in another browser, supports it.
    other, other_problems = open_page(viewport)
    other.goto(live_server.url + f"/participate/proposals/{proposal.pk}/")
    other.get_by_test_id("support-button").click()
    verify_by_email(other, axe, viewport, "bo@example.org")
    expect(other.get_by_test_id("proposal-title")).to_have_text("Benches by the river")
    other.get_by_test_id("support-button").click()
    expect(other.get_by_test_id("support-count")).to_contain_text("1 support of the 3")
    expect(other.locator(".messages")).to_contain_text("your support is counted")
    assert "ann@example.org" not in other.content()
    check(other, axe, viewport)
    proposal.refresh_from_db()
    assert proposal.supports == 1
    other_problems.assert_clean()


def test_the_pin_is_put_by_keyboard(city, proposals_process, open_page, live_server,  # noqa: F811
                                    axe):
    """Arrow keys move the focused map; the centre button puts the pin under the cross."""
    page, problems = open_page(DESKTOP)
    page.goto(live_server.url + f"/participate/{proposals_process.slug}/propose/")
    verify_by_email(page, axe, DESKTOP, "kim@example.org")
    wait_for_areas(page, "#propose-map")
    page.locator("#propose-map").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.get_by_test_id("centre-point").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("point-status")).not_to_be_empty()
    lat = float(page.locator("#lat").input_value())
    lon = float(page.locator("#lon").input_value())
    centre = page.evaluate("JSON.parse(document.getElementById('map-config').textContent)"
                           ".center")
    assert abs(lat - centre[0]) < 0.05 and lon > centre[1]  # panned east, then pinned
    problems.assert_clean()
