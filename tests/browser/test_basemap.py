"""The city's own base map in Chromium: streets named in the page's language, on a
phone and a desktop, with nothing asked of another host."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from cityloop.demo.envfile import DEMO_BASEMAP_DIR
from tests.browser.conftest import (
    DESKTOP,
    FIND_MAP,
    PHONE,
    describe,
    drop_pin,
    wait_for_areas,
)
from tests.web.basemap.fixtures import demo_basemap  # noqa: F401

# Every test draws the demo's generated base map, with no tile server.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("demo_basemap")]

OLD_TOWN = (29.575, 106.548)  # Renmin Avenue (人民大道) crosses it
PRIMARY_FILL = (0xFC, 0xD6, 0xA4)  # basemap.js: a main road's colour
WATER = (0xAA, 0xD3, 0xDF)


def road_names(language: str) -> set[str]:
    roads = json.loads((DEMO_BASEMAP_DIR / "roads.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["name:en" if language == "en" else "name:zh"]
            for f in roads["features"]}


def show(page: Any, selector: str, lat: float, lon: float, zoom: int) -> list[dict[str, str]]:
    """Move the map to (lat, lon, zoom); the labels drawn once its tiles are in."""
    wait_for_areas(page, selector)
    page.evaluate(f"""([sel, lat, lon, zoom]) => {{
      ({FIND_MAP})(sel).setView([lat, lon], zoom, {{ animate: false }});
    }}""", [selector, lat, lon, zoom])
    # basemap.js marks the map "ready" once the view's tiles are in and labelled.
    page.wait_for_selector(f"{selector}[data-basemap=ready] .cl-basemap-label--road")
    labels: list[dict[str, str]] = page.eval_on_selector_all(
        f"{selector} .cl-basemap-label",
        "nodes => nodes.map(n => ({kind: n.className, text: n.textContent}))")
    return labels


def pixels_like(png: bytes, colour: tuple[int, int, int]) -> int:
    """How many pixels of the screenshot have (about) this colour."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = image.tobytes()
    count = 0
    for i in range(0, len(data), 3):
        if all(abs(data[i + k] - colour[k]) <= 6 for k in range(3)):
            count += 1
    return count


@pytest.mark.parametrize(("viewport", "locale", "language", "avenue"), [
    (PHONE, "en-GB", "en", "Renmin Avenue"),
    (PHONE, "zh-CN", "zh", "人民大道"),
    (DESKTOP, "en-GB", "en", "Renmin Avenue"),
    (DESKTOP, "zh-CN", "zh", "人民大道"),
])
def test_the_report_map_names_the_streets_in_the_pages_language(
        city, open_page, live_server, tmp_path, viewport, locale, language, avenue):
    page, problems = open_page(viewport, locale=locale)
    page.goto(live_server.url + "/report/")
    labels = show(page, "#report-map", *OLD_TOWN, 16)
    roads = [label["text"] for label in labels if "--road" in label["kind"]]
    assert avenue in roads
    assert set(roads) <= road_names(language), set(roads) - road_names(language)
    assert all(text.isascii() for text in roads) == (language == "en")

    # The streets are drawn, not only named: the screenshot shows main roads.
    shot = page.locator("#report-map").screenshot(path=str(tmp_path / "street-zoom.png"))
    assert pixels_like(shot, PRIMARY_FILL) > 200

    # Still a map to report on: a tap puts the pin there.
    drop_pin(page, "#report-map", 29.5745, 106.5472)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    problems.assert_clean()


def test_the_city_view_shows_the_river_and_main_roads(city, open_page, live_server, tmp_path):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    labels = show(page, "#report-map", 29.56, 106.55, 12)
    texts = {label["text"] for label in labels}
    assert "Jiangcheng River" in texts
    shot = page.locator("#report-map").screenshot(path=str(tmp_path / "city.png"))
    assert pixels_like(shot, WATER) > 300
    problems.assert_clean()


def test_the_admins_area_editor_draws_the_base_map(city, city_admin, open_page, login,
                                                   live_server):
    page, problems = open_page()
    login(page, city_admin)
    page.goto(live_server.url + "/admin/geo/area/add/")
    labels = show(page, "[data-area-map-canvas]", *OLD_TOWN, 15)
    assert {label["text"] for label in labels} & road_names("en")
    problems.assert_clean()


def test_the_base_map_keeps_the_report_page_accessible(city, open_page, live_server, axe):
    page, problems = open_page(PHONE, locale="zh-CN")
    page.goto(live_server.url + "/report/")
    show(page, "#report-map", *OLD_TOWN, 16)
    # The names repeat what the map draws: hidden from screen readers, which
    # get the map's own label and the form's place fields instead.
    assert page.get_attribute("#report-map .leaflet-clBasemapLabels-pane", "aria-hidden") == "true"
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()


def test_when_no_base_map_tile_arrives_the_areas_are_drawn_strongly(city, open_page,
                                                                   live_server):
    page, problems = open_page(PHONE)
    page.route("**/basemap/**", lambda route: route.abort("internetdisconnected"))
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, "#report-map")
    expect(page.locator("#report-map")).to_have_class(re.compile(r"\bmap--offline\b"))
    opacities = page.eval_on_selector_all(
        "#report-map .leaflet-overlay-pane path",
        "paths => paths.map(p => p.getAttribute('fill-opacity'))")
    assert opacities and all(float(o) >= 0.25 for o in opacities), opacities
    assert not problems.outside_requests
