"""The cockpit page: tiles, map, ranking and the live-update hooks, in both languages."""

from __future__ import annotations

import json
import re

import pytest

TILES = ["intake_today", "open_now", "overdue_now", "resolved_24h",
         "median_hours_to_resolve", "satisfaction"]


def _config(html: str) -> dict:
    found = re.search(r'<script id="ops-config" type="application/json">(.*?)</script>', html,
                      re.S)
    assert found, "the page carries its configuration"
    return json.loads(found.group(1))


def _tile_value(html: str, key: str) -> str:
    found = re.search(rf'data-kpi="{key}">([^<]*)<', html)
    assert found, key
    return found.group(1)


def test_it_shows_every_tile_the_map_and_the_ranking(client, roads_supervisor, make_case):
    make_case()
    make_case()
    client.force_login(roads_supervisor)
    html = client.get("/ops/").content.decode()
    for key in TILES:
        assert f'data-testid="ops-tile-{key}"' in html
    assert _tile_value(html, "intake_today") == "2"
    assert _tile_value(html, "open_now") == "2"
    for testid in ("ops-map", "ops-legend", "ops-ranking", "ops-groups", "ops-new-cases",
                   "ops-announcer", "ops-last-updated"):
        assert f'data-testid="{testid}"' in html
    assert 'aria-live="polite"' in html
    assert 'data-department="roads"' in html
    assert "vendor/leaflet-markercluster/leaflet.markercluster.js" in html


def test_it_gives_the_script_its_addresses_marker_and_words(client, operator, make_case):
    case = make_case()
    client.force_login(operator)
    config = _config(client.get("/ops/").content.decode())
    assert config["urls"] == {"events": "/ops/events", "feed": "/ops/feed.json",
                              "cases": "/ops/cases.geojson"}
    case.refresh_from_db()
    assert config["changed"] == case.updated_at.isoformat()
    assert config["latest"] == case.pk
    assert {"roads", "water"} <= {g["code"] for g in config["groups"]}
    assert config["sensorLayer"] == "sensor"
    assert config["strings"]["sensorLayer"] == "Sensor alerts"


def test_it_loads_nothing_from_the_internet(client, operator):
    client.force_login(operator)
    html = client.get("/ops/").content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


@pytest.mark.parametrize(("language", "lang_attr", "group_name"), [
    ("en", "en", "Roads and pavements"), ("zh-hans", "zh-hans", "道路与人行道"),
])
def test_it_speaks_the_reader_s_language(client, operator, language, lang_attr, group_name):
    client.force_login(operator)
    html = client.get("/ops/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{lang_attr}">' in html
    assert group_name in html


def test_it_is_never_cached_by_the_browser(client, operator):
    client.force_login(operator)
    assert client.get("/ops/")["Cache-Control"] == "no-store"


def test_it_ranks_units_on_their_own_when_asked(client, roads_supervisor, make_case):
    from tests import citydata

    make_case(lat=citydata.INSIDE_WEST_N[0], lon=citydata.INSIDE_WEST_N[1])
    make_case()  # east
    client.force_login(roads_supervisor)
    by_bureau = client.get("/ops/").content.decode()
    assert 'data-department="roads"' in by_bureau and "roads_east" not in by_bureau
    by_unit = client.get("/ops/", {"ranking": "unit"}).content.decode()
    assert 'data-department="roads_east"' in by_unit
    assert 'data-department="roads_west_n"' in by_unit
    config = _config(by_unit)
    assert config["urls"]["events"] == "/ops/events?ranking=unit"
    feed = client.get("/ops/feed.json", {"ranking": "unit"}).json()
    assert {r["department"] for r in feed["ranking"]} == {"roads_east", "roads_west_n"}
    # Anything else is the default.
    assert 'data-department="roads"' in client.get("/ops/", {"ranking": "x"}).content.decode()
