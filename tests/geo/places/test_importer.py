"""cityloop import-places: GeoJSON with OpenStreetMap tags and OpenAddresses CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityloop.geo.models import Area
from cityloop.geo.places.importer import ImportFailed, import_places
from cityloop.geo.places.models import Place
from tests.geo.places.fixtures import feature, line, point, write, write_all


def test_it_reads_roads_landmarks_and_addresses_in_both_languages(city, tmp_path):
    report = import_places(write_all(tmp_path))
    assert (report.created, report.problems) == (8, [])
    road = Place.objects.get(ref="road:hetang road")
    assert (road.kind, road.name, road.name_i18n) == ("road", "Hetang Road", {"zh-hans": "荷塘路"})
    # Its two pieces are one road, pinned on the road, in the street it lies in.
    assert road.line is not None and road.line["type"] == "LineString"
    assert road.lat == pytest.approx(29.58) and 106.51 < road.lon < 106.54
    assert road.area == Area.objects.get(code="west_n")
    address = Place.objects.get(ref="address:荷塘路12号")
    assert (address.name, address.name_i18n["zh-hans"]) == ("12 Hetang Road", "荷塘路12号")
    park = Place.objects.get(kind="landmark")
    assert (park.name, park.name_i18n) == ("People's Park", {"zh-hans": "人民公园"})
    csv_rows = Place.objects.filter(ref__in=["address:5 binjiang road", "address:滨江路7号"])
    assert sorted(p.display_name for p in csv_rows) == ["5 Binjiang Road", "滨江路7号"]


def test_importing_again_changes_nothing_and_adds_none(city, tmp_path):
    files = write_all(tmp_path)
    import_places(files)
    again = import_places(files)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert Place.objects.count() == 8


def test_a_changed_name_is_updated_and_replace_removes_what_is_gone(city, tmp_path):
    import_places(write_all(tmp_path))
    only = write(tmp_path / "one.geojson", [feature(point(29.58, 106.58), name="人民公园",
                                                    **{"name:en": "People's Square"})])
    report = import_places([only], replace=True)
    assert (report.created, report.updated, report.removed) == (1, 0, 8)
    assert [p.name for p in Place.objects.all()] == ["People's Square"]


def test_bad_rows_are_named_by_line_or_feature_and_skipped(city, tmp_path):
    csv = tmp_path / "oa.csv"
    csv.write_text("LON,LAT,NUMBER,STREET\n106.52,29.58,1,Hetang Road\n"
                   "east,29.58,2,Hetang Road\n106.52,95,3,Hetang Road\n106.52,29.58,,Hetang Road\n",
                   encoding="utf-8")
    geo = write(tmp_path / "g.geojson", [feature(point(29.58, 106.52), highway="bus_stop"),
                                         {"type": "Feature", "geometry": None, "properties": {}}])
    report = import_places([csv, geo])
    assert report.created == 1
    assert [str(p) for p in report.problems] == [
        "oa.csv line 3: LON 'east' is not a number",
        "oa.csv line 4: LAT '95' is out of range (±90)",
        "oa.csv line 5: an address needs a house number and a street",
        "g.geojson feature 0: no name (name, name:en or name:zh)",
        "g.geojson feature 1: no geometry",
    ]


def test_an_unreadable_file_stops_everything(city, tmp_path):
    good = write(tmp_path / "good.geojson", [feature(point(29.58, 106.58), name="Park")])
    bad = tmp_path / "bad.csv"
    bad.write_text("X,Y\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="lacks the OpenAddresses column"):
        import_places([good, bad])
    with pytest.raises(ImportFailed, match="cannot read"):
        import_places([good, Path(tmp_path / "missing.geojson")])
    assert not Place.objects.exists()


def test_roads_of_one_name_far_apart_are_two_places(city, tmp_path):
    props = {"name": "求是路", "name:en": "Qiushi Road", "highway": "residential"}
    roads = write(tmp_path / "r.geojson", [
        feature(line((29.58, 106.51), (29.58, 106.52)), **props),
        feature(line((29.54, 106.57), (29.54, 106.58)), **props),
        feature(line((29.58, 106.52), (29.58, 106.53)), **props),
    ])
    import_places([roads])
    assert sorted((p.ref, p.area.code if p.area else "") for p in Place.objects.all()) == [
        ("road:qiushi road", "west_n"), ("road:qiushi road#2", "east_s")]
