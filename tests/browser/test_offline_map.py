"""With no tile server reachable, the map still draws the city's areas and works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import citydata
from tests.browser.conftest import PHONE, area_count, drop_pin, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_draws_the_city_when_no_tile_loads(city, open_page, live_server):
    page, problems = open_page(PHONE, tiles="fail")
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    # Enough tiles failed: the map says it is offline and draws the areas strongly.
    expect(page.locator("#report-map")).to_have_class(re.compile(r"\bmap--offline\b"))
    assert area_count(page, "#report-map") == len(city.areas)
    opacities = page.eval_on_selector_all(
        "#report-map .leaflet-overlay-pane path",
        "paths => paths.map(p => p.getAttribute('fill-opacity'))")
    assert opacities and all(float(o) >= 0.25 for o in opacities), opacities
    assert page.locator("#report-map img.leaflet-tile-loaded").count() == 0

    # And it is still a map: a tap puts the pin in the city.
    lat, lon = citydata.INSIDE_WEST_S
    drop_pin(page, "#report-map", lat, lon)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    problems.assert_clean()
