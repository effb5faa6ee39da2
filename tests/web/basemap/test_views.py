"""/basemap/<z>/<x>/<y>.geojson: one tile of the city's own base map, per language."""

from __future__ import annotations

import gzip
import json
import math
from typing import Any

import pytest

from cityloop.web.basemap.tiles import tile_bounds
from tests.web.basemap.fixtures import LANE_AT, SCHOOL_AT

pytestmark = pytest.mark.django_db


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def get_tile(client: Any, z: int, lon: float, lat: float, lang: str | None = None,
             **headers: str) -> Any:
    x, y = tile_of(lon, lat, z)
    return client.get(f"/basemap/{z}/{x}/{y}.geojson", {"lang": lang} if lang else {}, **headers)


def names(response: Any, layer: str | None = None) -> set[str]:
    return {f["properties"]["name"] for f in response.json()["features"]
            if layer is None or f["properties"]["layer"] == layer}


def test_it_gives_a_tiles_roads_and_places_in_english(client, basemap):
    response = get_tile(client, 14, *LANE_AT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert names(response, "road") == {"Binjiang Avenue", "Hetang Lane"}
    assert names(response, "landmark") == {"Gulou Primary School"}
    lane = next(f for f in response.json()["features"] if f["properties"]["name"] == "Hetang Lane")
    assert lane["properties"]["class"] == "residential"
    assert lane["geometry"]["type"] == "LineString"


def test_it_gives_the_chinese_names_when_asked(client, basemap):
    response = get_tile(client, 14, *LANE_AT, lang="zh-hans")
    assert names(response, "road") == {"滨江大道", "荷塘巷"}
    assert names(response, "landmark") == {"鼓楼小学"}


def test_a_far_zoom_keeps_the_main_roads_only(client, basemap):
    assert names(get_tile(client, 10, *LANE_AT)) >= {"Binjiang Avenue"}
    assert "Hetang Lane" not in names(get_tile(client, 10, *LANE_AT))
    assert "Hetang Lane" not in names(get_tile(client, 12, *LANE_AT))
    assert "Gulou Primary School" not in names(get_tile(client, 12, *SCHOOL_AT))


def test_a_long_road_is_cut_to_each_tile_it_crosses_and_keeps_its_id(client, basemap):
    z, y = 14, tile_of(106.55, 29.5605, 14)[1]
    pieces = []
    for lon in (106.52, 106.55):
        x = tile_of(lon, 29.5605, z)[0]
        west, _south, east, _north = tile_bounds(z, x, y)
        features = client.get(f"/basemap/{z}/{x}/{y}.geojson").json()["features"]
        avenue = next(f for f in features if f["properties"]["name"] == "Binjiang Avenue")
        xs = [c[0] for c in avenue["geometry"]["coordinates"]]
        margin = (east - west) / 16
        assert west - margin <= min(xs) and max(xs) <= east + margin  # clipped to the tile
        pieces.append(avenue["id"])
    assert pieces[0] == pieces[1]  # the browser joins the pieces to label the road once


def test_areas_carry_label_points_inside_them(client, basemap):
    response = get_tile(client, 14, 106.52, 29.575)
    lake = next(f for f in response.json()["features"] if f["properties"]["layer"] == "water")
    assert lake["properties"]["name"] == "Beihu Lake"
    for lon, lat in lake["properties"]["labels"]:
        assert 106.51 <= lon <= 106.53 and 29.57 <= lat <= 29.58


def test_a_tile_without_the_city_is_empty(client, basemap):
    response = client.get("/basemap/10/0/0.geojson")
    assert response.status_code == 200
    assert response.json() == {"type": "FeatureCollection", "features": []}


def test_tiles_are_cached_and_revalidated_by_etag(client, basemap):
    first = get_tile(client, 14, *LANE_AT)
    assert "max-age=3600" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = get_tile(client, 14, *LANE_AT, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    chinese = get_tile(client, 14, *LANE_AT, lang="zh-hans")
    assert chinese["ETag"] != first["ETag"]


def test_changed_files_change_the_etag(client, basemap):
    before = get_tile(client, 14, *LANE_AT)
    roads = basemap / "roads.geojson"
    roads.write_text(roads.read_text(encoding="utf-8").replace("Hetang Lane", "Lotus Lane"),
                     encoding="utf-8")
    after = get_tile(client, 14, *LANE_AT, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert "Lotus Lane" in names(after)


def test_it_is_compressed_for_browsers_that_take_gzip(client, demo_basemap):
    response = get_tile(client, 14, 106.548, 29.575, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


@pytest.mark.parametrize(("path", "status"), [
    ("/basemap/13/6520/3410.geojson", 404),  # not a band's zoom
    ("/basemap/14/16384/3410.geojson", 404),  # x beyond the zoom's last tile
    ("/basemap/14/3410/99999.geojson", 404),
    ("/basemap/14/-1/3410.geojson", 404),
    ("/basemap/x/1/1.geojson", 404),
    ("/basemap/14/1/%C2%B2.geojson", 404),  # a superscript two: a digit, but not to int()
    ("/basemap/99999999999999999999/1/1.geojson", 404),
    ("/basemap/14/abc/3410.geojson", 404),
    ("/basemap/14/3410/3410.geojson?lang=fr", 400),
    ("/basemap/14/3410/3410.geojson?lang=" + "x" * 500, 400),
])
def test_bad_tiles_and_languages_are_refused_clearly(client, basemap, path, status):
    response = client.get(path)
    assert response.status_code == status
    if "abc" not in path and "-1" not in path:  # those never reach the view
        assert response.json()["error"]


def test_without_a_base_map_there_are_no_tiles(client, settings):
    settings.BASEMAP_DIR = None
    response = client.get("/basemap/14/13232/6833.geojson")
    assert response.status_code == 404
    assert "no base map" in response.json()["error"]


def test_tiles_are_read_only(client, basemap):
    x, y = tile_of(*LANE_AT, 14)
    assert client.post(f"/basemap/14/{x}/{y}.geojson").status_code == 405


def test_the_demo_tiles_name_its_streets_in_both_languages(client, demo_basemap):
    # The old town at street zoom: several named roads, each in the asked language.
    english = names(get_tile(client, 14, 106.548, 29.575), "road")
    chinese = names(get_tile(client, 14, 106.548, 29.575, lang="zh-hans"), "road")
    assert len(english) >= 10 and len(chinese) == len(english)
    assert "Renmin Avenue" in english and "人民大道" in chinese
    assert all(name.isascii() for name in english)
    assert not any(name.isascii() for name in chinese)


def test_a_refusal_is_explained_in_the_readers_language(client, basemap):
    response = client.get("/basemap/13/1/1.geojson", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 404
    assert response.json()["error"] == "底图只有缩放级别 10, 12, 14 的瓦片。"


def test_a_broken_layer_is_left_out_and_the_others_still_drawn(client, basemap, caplog):
    (basemap / "parks.geojson").write_text("{not json", encoding="utf-8")
    roads = basemap / "roads.geojson"
    fc = json.loads(roads.read_text(encoding="utf-8"))
    for geometry in ({"type": "LineString", "coordinates": "nonsense"},
                     {"type": "LineString", "coordinates": [[1, 2]]},
                     {"type": "Circle", "coordinates": [1, 2]}, None):
        fc["features"].append({"type": "Feature", "properties": {"name": "x"},
                               "geometry": geometry})
    roads.write_text(json.dumps(fc), encoding="utf-8")
    response = get_tile(client, 14, *LANE_AT)
    assert response.status_code == 200
    assert names(response, "road") == {"Binjiang Avenue", "Hetang Lane"}
    assert "parks.geojson is not a GeoJSON FeatureCollection" in caplog.text
