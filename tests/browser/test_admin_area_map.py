"""An administrator draws a new area on the admin's map, with no tile server."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from cityloop.geo.models import Area
from tests.browser.conftest import drop_pin, wait_for_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANVAS = "[data-area-map-canvas]"
CORNERS = [(29.585, 106.515), (29.585, 106.535), (29.570, 106.535)]


def test_it_draws_an_area_by_clicking_and_saves_it(city, city_admin, open_page, login,
                                                    live_server, settings):
    settings.MAP_TILES_URL = ""
    page, problems = open_page(tiles="fail")
    login(page, city_admin)
    page.goto(live_server.url + "/admin/geo/area/add/")
    wait_for_map(page, CANVAS)
    text = page.locator("textarea[name=geometry]")
    expect(text).to_have_value("")
    # The other areas are drawn for context before the first corner.
    page.wait_for_function("document.querySelectorAll('.area-map path').length >= 7")

    page.fill("input[name=code]", "park")
    page.fill("input[name=name]", "Riverside Park")
    page.fill("input[name='name__zh-hans']", "滨江公园")
    page.select_option("select[name=level]", "street")
    for lat, lon in CORNERS:
        drop_pin(page, CANVAS, lat, lon)
    drawn = json.loads(text.input_value())
    assert drawn["type"] == "Polygon" and len(drawn["coordinates"][0]) == 4
    assert page.locator(".area-map__corner").count() == 3

    # A fourth corner goes into the nearest edge, not at the end of the ring.
    drop_pin(page, CANVAS, 29.578, 106.538)
    ring = json.loads(text.input_value())["coordinates"][0]
    assert [round(p[1], 3) for p in ring[:5]] == [29.585, 29.585, 29.578, 29.57, 29.585]

    # Double-clicking a corner removes it.
    page.locator(".area-map__corner").nth(2).dblclick()
    assert len(json.loads(text.input_value())["coordinates"][0]) == 4

    # Dragging a corner moves it.
    before = json.loads(text.input_value())["coordinates"][0][0]
    box = page.locator(".area-map__corner").nth(0).bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] - 25, box["y"] + 5, steps=5)
    page.mouse.up()
    after = json.loads(text.input_value())["coordinates"][0][0]
    assert after[0] < before[0] and abs(after[1] - before[1]) < 1e-3

    page.click("input[name=_save]")
    page.wait_for_url("**/admin/geo/area/")
    park = Area.objects.get(code="park")
    assert park.name_i18n == {"zh-hans": "滨江公园"}
    assert park.geometry["type"] == "Polygon"
    assert park.min_lon < 106.515 and abs(park.max_lat - 29.585) < 1e-3
    problems.assert_clean()


def test_it_redraws_the_outline_typed_by_hand(city, city_admin, open_page, login, live_server,
                                               settings):
    settings.MAP_TILES_URL = ""
    page, problems = open_page(tiles="fail")
    login(page, city_admin)
    page.goto(live_server.url + f"/admin/geo/area/{city.areas['west_n'].pk}/change/")
    wait_for_map(page, CANVAS)
    assert page.locator(".area-map__corner").count() == 4
    triangle = {"type": "Polygon", "coordinates": [[[106.5, 29.56], [106.55, 29.56],
                                                    [106.52, 29.6], [106.5, 29.56]]]}
    page.fill("textarea[name=geometry]", json.dumps(triangle))
    expect(page.locator(".area-map__corner")).to_have_count(3)
    page.fill("textarea[name=geometry]", '{"type": "Polygon", "coordinates": [[[106.5')
    expect(page.locator("[data-area-map-status]")).to_contain_text("not a GeoJSON Polygon")
    expect(page.locator(".area-map__corner")).to_have_count(3)
    problems.assert_clean()
