"""With no tile server reachable, or with neither tiles nor a base map of the
city's own, the map still draws the city's areas and works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.conf.security import content_security_policy
from tests import citydata
from tests.browser.conftest import PHONE, area_count, drop_pin, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def test_it_draws_the_city_when_no_tile_loads(city, open_page, live_server, settings):
    # A tile server is configured (and allowed by the CSP), but unreachable.
    settings.MAP_TILES_URL = TILES
    settings.CONTENT_SECURITY_POLICY = content_security_policy(TILES)
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


def test_it_draws_the_city_without_tiles_or_a_base_map(city, open_page, live_server, settings):
    settings.MAP_TILES_URL = ""
    settings.BASEMAP_DIR = None
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    # The areas are the map from the start: drawn strongly, nothing else asked for.
    expect(page.locator("#report-map")).to_have_class(re.compile(r"\bmap--offline\b"))
    assert area_count(page, "#report-map") == len(city.areas)
    assert page.locator("#report-map .cl-basemap-label").count() == 0
    lat, lon = citydata.INSIDE_EAST_S
    drop_pin(page, "#report-map", lat, lon)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    problems.assert_clean()
