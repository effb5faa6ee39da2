"""The four files: their columns, what each group of cases became, and Parquet = CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq

from cityloop.analytics import opendata_export
from cityloop.analytics.opendata_export.rows import COLUMNS
from cityloop.catalogue.models import ServiceCategory
from tests.analytics.opendata_export.conftest import Scenario


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_it_writes_the_four_files_and_nothing_else(exported):
    assert sorted(p.name for p in exported.iterdir()) == sorted(opendata_export.FILES)
    raw = (exported / "cases.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\r\n", 1)[0].decode() == ",".join(COLUMNS)


def test_each_group_of_cases_is_published_at_the_precision_k_allows(exported, scenario):
    rows = {row["reference"]: row for row in read_csv(exported / "cases.csv")}

    def published(name: str) -> list[dict[str, str]]:
        return [rows[c.reference] for c in scenario.cases[name] if c.reference in rows]

    day = published("by_day")
    assert len(day) == 6
    assert {(r["created_date"], r["date_precision"], r["service_code"]) for r in day} == {
        ("2026-03-09", "day", "pothole")}
    assert {(r["area_code"], r["area_name"], r["department"], r["channel"]) for r in day} == {
        ("east", "East District", "Roads and Bridges Bureau", "web")}  # the bureau, not a unit
    week = published("by_week")
    assert len(week) == 6
    assert {(r["created_date"], r["date_precision"]) for r in week} == {("2026-W11", "week")}
    group = published("by_group_pothole") + published("by_group_footpath")
    assert len(group) == 6
    assert {(r["created_date"], r["service_code"], r["service_name"], r["service_group"])
            for r in group} == {("2026-W11", "", "", group[0]["service_group"])}
    assert group[0]["service_group"]
    month = published("by_month")
    assert len(month) == 5
    assert {(r["created_date"], r["date_precision"], r["service_code"]) for r in month} == {
        ("2026-03", "month", "")}
    assert published("left_out") == []
    assert published("next_month") == []
    assert len(rows) == 23


def test_resolution_time_is_in_hours_to_a_tenth(exported, scenario):
    rows = {row["reference"]: row for row in read_csv(exported / "cases.csv")}
    resolved = rows[scenario.cases["by_day"][0].reference]
    assert (resolved["status"], resolved["closed_date"], resolved["resolution_hours"]) == (
        "resolved", "2026-03-10", "30.2")
    assert rows[scenario.cases["by_day"][1].reference]["resolution_hours"] == ""


def test_geojson_has_district_centroids_never_a_case_point(exported, scenario):
    collection = json.loads((exported / "cases.geojson").read_text(encoding="utf-8"))
    features = collection["features"]
    assert len(features) == 23
    points = {tuple(f["geometry"]["coordinates"]) for f in features}
    assert len(points) == 2  # east and west: every case at its district's centre
    exact = {(c.lon, c.lat) for cases in scenario.cases.values() for c in cases}
    assert not points & exact
    assert set(features[0]["properties"]) == set(COLUMNS)


def test_parquet_read_back_equals_the_csv(exported):
    table = pq.read_table(exported / "cases.parquet")
    assert table.column_names == list(COLUMNS)
    parquet = [{key: "" if value is None else str(value) for key, value in row.items()}
               for row in table.to_pylist()]
    assert parquet == read_csv(exported / "cases.csv")


def test_an_empty_city_exports_empty_files(city, tmp_path):
    assert opendata_export.export(tmp_path, k=5) == {"published": 0, "suppressed": 0}
    assert read_csv(tmp_path / "cases.csv") == []
    assert pq.read_table(tmp_path / "cases.parquet").num_rows == 0
    assert json.loads((tmp_path / "cases.geojson").read_text())["features"] == []


def test_scenario_has_the_cases_it_says(scenario: Scenario):
    assert sum(len(cases) for cases in scenario.cases.values()) == 31


def test_a_name_starting_like_a_formula_is_not_run_by_a_spreadsheet(scenario, tmp_path):
    ServiceCategory.objects.filter(service_code="pothole").update(name="=HYPERLINK(\"x\")")
    opendata_export.export(tmp_path, k=5)
    names = {row["service_name"] for row in read_csv(tmp_path / "cases.csv")}
    assert "'=HYPERLINK(\"x\")" in names
    assert not any(name.startswith("=") for name in names)
