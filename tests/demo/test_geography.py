"""The demo's base-map data (cityloop/demo/geography): what the map and the gazetteer rely on."""

from __future__ import annotations

import json
from typing import Any

import pytest
from shapely.geometry import shape

from cityloop.demo.geography.build import build
from cityloop.demo.geometry import DATA_DIR, dumps

LAYERS = ("roads", "water", "parks", "landmarks", "addresses")


def read(name: str) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = json.loads(
        (DATA_DIR / f"{name}.geojson").read_text(encoding="utf-8"))["features"]
    return features


@pytest.fixture(scope="module")
def city() -> Any:
    return shape(read("city")[0]["geometry"])


def test_the_files_are_what_the_generator_makes():
    # Deterministic: the committed files can be rebuilt and reviewed as a diff.
    built = build()
    for name in LAYERS:
        assert dumps(built[name]) == (DATA_DIR / f"{name}.geojson").read_text(encoding="utf-8")


def test_the_roads_are_named_in_both_languages_inside_the_city(city):
    roads = read("roads")
    assert len(roads) >= 300
    names = set()
    for road in roads:
        p = road["properties"]
        assert p["highway"] in {"primary", "secondary", "tertiary", "residential"}
        assert p["name"] == p["name:zh"] and p["name:zh"][-1] in "路街道巷桥"
        assert p["name:en"].isascii() and p["name:en"].split()[-1] in {
            "Road", "Street", "Avenue", "Lane", "Bridge"}
        assert road["geometry"]["type"] in {"LineString", "MultiLineString"}
        assert city.buffer(0.002).contains(shape(road["geometry"]))
        names.add(p["name"])
    assert len(names) == len(roads)  # one feature per name: the gazetteer finds one road
    assert any(r["properties"].get("bridge") == "yes" for r in roads)


def test_the_old_town_is_the_densest(city):
    districts = {d["properties"]["code"]: shape(d["geometry"]) for d in read("districts")}
    length = dict.fromkeys(districts, 0.0)
    for road in read("roads"):
        line = shape(road["geometry"])
        for code, area in districts.items():
            length[code] += line.intersection(area).length
    density = {code: length[code] / districts[code].area for code in districts}
    assert max(density, key=density.__getitem__) == "laocheng"


def test_water_parks_and_landmarks_carry_their_tags():
    water = read("water")
    rivers = [w["properties"]["waterway"] for w in water if "waterway" in w["properties"]]
    assert rivers == ["river"]
    assert all(w["properties"]["natural"] == "water" for w in water) and len(water) >= 4
    assert all(p["properties"]["leisure"] == "park" for p in read("parks"))
    landmarks = read("landmarks")
    assert len(landmarks) >= 100
    kinds = {m["properties"]["kind"] for m in landmarks}
    assert {"school", "hospital", "station", "market", "government", "park"} <= kinds
    for m in landmarks:
        p = m["properties"]
        assert p["name"] and p["name:zh"] and p["name:en"].isascii()
        assert "amenity" in p or "railway" in p or "leisure" in p


def test_addresses_number_the_doors_of_named_roads():
    roads = {r["properties"]["name"]: r["properties"]["name:en"] for r in read("roads")}
    addresses = read("addresses")
    assert 1_000 <= len(addresses) <= 5_000
    for a in addresses:
        p = a["properties"]
        assert p["addr:housenumber"].isdigit()
        assert roads[p["addr:street"]] == p["addr:street:en"]


def test_the_files_stay_small():
    assert sum((DATA_DIR / f"{n}.geojson").stat().st_size for n in LAYERS) < 3_000_000
