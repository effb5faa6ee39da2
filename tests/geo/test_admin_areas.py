"""Areas in the admin: the outline on a map of the city (no tiles needed), the
GeoJSON still editable by hand, and a clear message for an outline that is
not an area."""

from __future__ import annotations

import json
import re

import pytest

from cityloop.geo.models import Area
from tests.admin.formdata import form_data


def _change(client, area: Area, **changes: str):
    url = f"/admin/geo/area/{area.pk}/change/"
    data = form_data(client.get(url).content.decode(), "area_form")
    data.update(changes, _save="Save")
    return client.post(url, data)


def test_it_draws_the_area_on_a_map_served_from_this_server(city, city_admin, client_for,
                                                           settings):
    settings.MAP_TILES_URL = ""
    html = client_for(city_admin).get(
        f"/admin/geo/area/{city.areas['west'].pk}/change/").content.decode()
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html
    assert 'src="/static/geo/area-map.js"' in html
    assert 'data-tiles=""' in html and 'data-exclude="west"' in html
    assert 'data-areas="/areas.geojson"' in html
    text = re.search(r'<textarea name="geometry"[^>]*>(.*?)</textarea>', html, re.S)
    assert text and json.loads(text.group(1).replace("&quot;", '"')) == city.areas[
        "west"].geometry
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert all("src=" in attrs or "application/json" in attrs or not body.strip()
               for attrs, body in scripts), "no inline script"


def test_it_uses_the_tile_server_when_one_is_set(city, city_admin, client_for, settings):
    settings.MAP_TILES_URL = "https://tiles.city.example/{z}/{x}/{y}.png"
    html = client_for(city_admin).get("/admin/geo/area/add/").content.decode()
    assert 'data-tiles="https://tiles.city.example/{z}/{x}/{y}.png"' in html


def test_it_saves_an_outline_typed_by_hand_and_closes_its_ring(city, city_admin, client_for):
    area = city.areas["west_n"]
    ring = [[106.5, 29.56], [106.55, 29.56], [106.55, 29.6], [106.5, 29.6]]
    response = _change(client_for(city_admin), area,
                       geometry=json.dumps({"type": "Polygon", "coordinates": [ring]}))
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.geometry["coordinates"] == [[*ring, ring[0]]]
    assert (area.min_lon, area.max_lat) == (106.5, 29.6)


def test_it_refuses_an_outline_whose_edges_cross(city, city_admin, client_for):
    area = city.areas["east"]
    before = area.geometry
    bow_tie = [[106.55, 29.52], [106.6, 29.6], [106.6, 29.52], [106.55, 29.6], [106.55, 29.52]]
    response = _change(client_for(city_admin), area,
                       geometry=json.dumps({"type": "Polygon", "coordinates": [bow_tie]}))
    assert response.status_code == 200
    assert "move the corners so that no edges cross" in response.content.decode()
    area.refresh_from_db()
    assert area.geometry == before


def test_it_explains_what_an_outline_is_in_chinese(city, city_admin, client_for):
    response = _change(client_for(city_admin, "zh-hans"), city.areas["east"],
                       geometry='{"type": "Point", "coordinates": [106.58, 29.54]}')
    assert response.status_code == 200
    assert "在地图上画出边界" in response.content.decode()


def test_it_refuses_text_that_is_not_json(city, city_admin, client_for):
    response = _change(client_for(city_admin), city.areas["east"], geometry="{not json")
    assert response.status_code == 200
    assert "Enter a valid JSON." in response.content.decode()


BAD_OUTLINES = [
    '{"type": "Polygon", "coordinates": [[[106.5, 29.5], [106.6, 29.5]]]}',
    '{"type": "Polygon", "coordinates": [[["east", "north"], [1, 2], [3, 4]]]}',
    '{"type": "Polygon", "coordinates": "everywhere"}',
    '{"type": "Polygon", "coordinates": [[[500, 29.5], [501, 29.5], [501, 30], [500, 29.5]]]}',
    '{"type": "Polygon", "coordinates": []}',
    '[]',
    '"Binjiang"',
]


@pytest.mark.parametrize("outline", BAD_OUTLINES)
def test_it_answers_any_bad_outline_with_a_message(city, city_admin, client_for, outline):
    response = _change(client_for(city_admin), city.areas["east"], geometry=outline)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
