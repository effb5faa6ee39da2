"""Which base the maps draw: a tile server, the city's own base map, or the areas only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from cityloop.conf.basemap import basemap_dir, map_config
from tests.web.basemap.fixtures import write_basemap

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def test_without_tiles_the_maps_draw_the_citys_own_base_map(settings, tmp_path):
    settings.MAP_TILES_URL = ""
    settings.BASEMAP_DIR = write_basemap(tmp_path)
    with translation.override("zh-hans"):
        config = map_config()
    assert config["tiles"] == ""
    assert config["basemap"]["url"] == "/basemap/{z}/{x}/{y}.geojson"
    assert config["basemap"]["lang"] == "zh-hans"  # the names of the page's language
    assert config["basemap"]["bands"] == [10, 12, 14]


def test_a_tile_server_takes_precedence_and_osm_is_credited(settings, tmp_path):
    settings.MAP_TILES_URL = OSM
    settings.MAP_ATTRIBUTION = ""
    settings.BASEMAP_DIR = write_basemap(tmp_path)
    config = map_config()
    assert config["tiles"] == OSM and "basemap" not in config
    assert "OpenStreetMap contributors" in config["attribution"]


def test_another_tile_server_shows_the_credit_it_was_given(settings):
    settings.MAP_TILES_URL = "https://t0.tianditu.gov.cn/vec_w/wmts?x={x}&y={y}&l={z}"
    settings.MAP_ATTRIBUTION = "&copy; Tianditu"
    assert map_config()["attribution"] == "&copy; Tianditu"


def test_with_neither_the_maps_draw_the_areas_only(settings, tmp_path):
    settings.MAP_TILES_URL = ""
    settings.BASEMAP_DIR = None
    assert "basemap" not in map_config()
    settings.BASEMAP_DIR = tmp_path  # a directory without any of the files
    assert "basemap" not in map_config()


def test_a_missing_base_map_directory_stops_the_start(tmp_path: Path):
    assert basemap_dir("") is None
    assert basemap_dir(str(tmp_path)) == tmp_path
    with pytest.raises(ImproperlyConfigured, match="CITYLOOP_BASEMAP_DIR"):
        basemap_dir(str(tmp_path / "missing"))
