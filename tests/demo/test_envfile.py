"""The demo's settings file: written once, and given the base map once if it predates it."""

from __future__ import annotations

from cityloop.conf.basemap import basemap_dir
from cityloop.demo.envfile import DEMO_BASEMAP_DIR, ensure_demo_settings


def test_a_new_demo_gets_its_own_base_map(tmp_path):
    ensure_demo_settings(tmp_path)
    text = (tmp_path / "settings.env").read_text(encoding="utf-8")
    # The name, not a path into site-packages that a reinstall would move.
    assert "CITYLOOP_BASEMAP_DIR=demo\n" in text
    assert basemap_dir("demo") == DEMO_BASEMAP_DIR
    assert (DEMO_BASEMAP_DIR / "roads.geojson").is_file()


def test_an_older_demo_gets_it_once_and_keeps_the_rest(tmp_path):
    path = tmp_path / "settings.env"
    path.write_text("CITYLOOP_CITY_NAME=Jiangcheng", encoding="utf-8")
    ensure_demo_settings(tmp_path)
    ensure_demo_settings(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines == ["CITYLOOP_CITY_NAME=Jiangcheng", "CITYLOOP_BASEMAP_DIR=demo"]


def test_an_operators_choice_of_no_base_map_is_kept(tmp_path):
    path = tmp_path / "settings.env"
    path.write_text("CITYLOOP_BASEMAP_DIR=\n", encoding="utf-8")
    ensure_demo_settings(tmp_path)
    assert path.read_text(encoding="utf-8") == "CITYLOOP_BASEMAP_DIR=\n"
