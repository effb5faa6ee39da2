"""`cityloop import-areas`: GeoJSON areas from the top down, bad features skipped and named."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cityloop.geo import index
from cityloop.geo.models import Area
from tests.citydata import square

BOW_TIE = {"type": "Polygon", "coordinates": [[
    [106.50, 29.52], [106.55, 29.56], [106.55, 29.52], [106.50, 29.56], [106.50, 29.52]]]}


def feature(name: str, geometry: dict, **props) -> dict:
    return {"type": "Feature", "properties": {"NAME": name, **props}, "geometry": geometry}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def run(tmp_path: Path, data: object, level: str, *options: str) -> tuple[str, str]:
    path = tmp_path / f"{level}.geojson"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_areas", str(path), "--level", level, "--name-field", "NAME",
                 *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def the_city(db, tmp_path) -> Area:
    run(tmp_path, collection(feature("Test City", square(106.50, 29.52, 106.60, 29.60),
                                     NAME_ZH="测试市")),
        "city", "--translation", "zh-hans=NAME_ZH")
    return Area.objects.get()


def test_it_imports_the_city_with_its_translated_name(the_city):
    assert (the_city.code, the_city.level, the_city.parent) == ("test_city", "city", None)
    assert the_city.name_i18n == {"zh-hans": "测试市"}


def test_it_finds_each_districts_city_by_containment(the_city, tmp_path):
    out, err = run(tmp_path, collection(
        feature("West", square(106.50, 29.52, 106.55, 29.60), CODE="W"),
        feature("East", square(106.55, 29.52, 106.60, 29.60), CODE="E"),
    ), "district", "--code-field", "CODE")
    assert out.strip() == "2 areas created, 0 updated, 0 skipped."
    assert err == ""
    assert {a.code: a.parent for a in Area.objects.filter(level="district")} == {
        "w": the_city, "e": the_city}
    assert [hit.code for hit in index.areas_at(29.55, 106.58)] == ["test_city", "e"]


def test_it_skips_an_invalid_polygon_and_says_which_feature(the_city, tmp_path):
    out, err = run(tmp_path, collection(
        feature("West", square(106.50, 29.52, 106.55, 29.60)),
        feature("Bow Tie", BOW_TIE),
        feature("Far Away", square(107.00, 30.00, 107.10, 30.10)),
        feature("Point", {"type": "Point", "coordinates": [106.52, 29.55]}),
    ), "district")
    assert "1 areas created, 0 updated, 3 skipped." in out
    assert "skipped feature 1 (Bow Tie): geometry is invalid: Self-intersection" in err
    assert "skipped feature 2 (Far Away): not inside any city" in err
    assert "skipped feature 3 (Point): geometry type must be Polygon or MultiPolygon" in err
    assert list(Area.objects.filter(level="district").values_list("name", flat=True)) == [
        "West"]


@pytest.mark.parametrize(("data", "says"), [
    (feature("West", square(106.50, 29.52, 106.55, 29.60)), "is not a GeoJSON FeatureCollection"),
    (square(106.50, 29.52, 106.55, 29.60), "is not a GeoJSON FeatureCollection"),
    ("{not json", "is not valid JSON"),
    (collection(), "has no features"),
    (collection(feature("Bow Tie", BOW_TIE)), "no feature could be imported"),
])
def test_it_refuses_a_file_it_cannot_use_and_writes_nothing(data, says, the_city, tmp_path):
    before = list(Area.objects.values_list("id", "code", "geometry"))
    token = index.current_token()
    with pytest.raises(CommandError) as refusal:
        run(tmp_path, data, "district")
    assert "nothing imported" in str(refusal.value) and says in str(refusal.value)
    assert list(Area.objects.values_list("id", "code", "geometry")) == before
    assert index.current_token() == token


def test_it_needs_the_level_above_first(db, tmp_path):
    with pytest.raises(CommandError) as refusal:
        run(tmp_path, collection(feature("West", square(106.50, 29.52, 106.55, 29.60))),
            "district")
    assert "import the city level first" in str(refusal.value)
    assert not Area.objects.exists()


def test_it_takes_a_parent_named_in_the_file(the_city, tmp_path):
    run(tmp_path, collection(feature("West", square(106.50, 29.52, 106.55, 29.60)),
                             feature("East", square(106.55, 29.52, 106.60, 29.60))), "district")
    # On the border of both districts: containment alone would pick either.
    streets = collection(feature("Border Road", square(106.54, 29.52, 106.56, 29.56), IN="East"))
    run(tmp_path, streets, "street", "--parent-field", "IN")
    parent = Area.objects.get(code="border_road").parent
    assert parent is not None and parent.code == "east"


def test_it_updates_an_area_imported_again_with_its_new_shape(the_city, tmp_path):
    run(tmp_path, collection(feature("West", square(106.50, 29.52, 106.55, 29.60))), "district")
    out, _ = run(tmp_path, collection(feature("West", square(106.50, 29.52, 106.54, 29.60))),
                 "district")
    assert "0 areas created, 1 updated" in out
    west = Area.objects.get(code="west")
    assert west.geometry == square(106.50, 29.52, 106.54, 29.60)
    # The bounding box shown in the admin (and used to place demo reports) follows.
    assert (west.min_lon, west.min_lat, west.max_lon, west.max_lat) == (
        106.50, 29.52, 106.54, 29.60)
    assert [hit.code for hit in index.areas_at(29.55, 106.545)] == ["test_city"]
