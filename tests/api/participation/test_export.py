"""``cityloop participation-export --output DIR``: five files of open data, no personal data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cityloop.participation import export, opendata
from cityloop.participation.models import Proposal
from tests.api.participation.scenario import SURVEY_POINTS
from tests.api.participation.test_no_personal_data import secrets

FILES = {"processes.csv", "proposals.csv", "budget_results.csv", "survey_results.csv",
         "survey_points.geojson"}


def _export(directory: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("participation_export", "--output", str(directory), *args, stdout=out)
    return out.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_it_writes_the_five_files_and_says_how_many_rows(scenario, tmp_path):
    printed = _export(tmp_path / "out")
    assert {p.name for p in (tmp_path / "out").iterdir()} == FILES  # no part left over
    assert f"{tmp_path / 'out' / 'proposals.csv'}: 4 rows" in printed
    assert f"{tmp_path / 'out' / 'survey_points.geojson'}: 4 points" in printed
    for name in FILES - {"survey_points.geojson"}:
        raw = (tmp_path / "out" / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 without a BOM
        header = raw.split(b"\r\n", 1)[0].decode()
        columns = {"processes.csv": export.PROCESS_COLUMNS,
                   "proposals.csv": export.PROPOSAL_COLUMNS,
                   "budget_results.csv": export.BUDGET_COLUMNS,
                   "survey_results.csv": export.SURVEY_COLUMNS}[name]
        assert header == ",".join(columns), name


def test_the_processes_and_proposals_are_the_public_ones(scenario, tmp_path):
    _export(tmp_path)
    processes = {row["slug"]: row for row in _rows(tmp_path / "processes.csv")}
    assert set(processes) == {"proposals-proposals", "budget-vote", "survey-consultation",
                              "west-budget"}
    budget = processes["budget-vote"]
    assert (budget["area_code"], budget["phase"], budget["ballots"]) == ("east", "results", "6")
    assert budget["phases"].startswith("information ") and "; vote " in budget["phases"]
    proposals = {int(row["id"]): row for row in _rows(tmp_path / "proposals.csv")}
    visible = {p.pk for name, p in scenario.proposals.items() if name != "hidden"}
    assert set(proposals) == visible
    accepted = proposals[scenario.proposals["accepted"].pk]
    case = scenario.proposals["accepted"].case
    assert case is not None
    assert (accepted["lat"], accepted["lon"], accepted["case"], accepted["service_code"],
            accepted["supports"], accepted["status"]) == (
        "29.5812", "106.5818", case.reference, "pothole", "3", "accepted")
    assert accepted["body"].startswith("Fill the potholes on Hetang Road: because")
    merged = proposals[scenario.proposals["merged"].pk]
    assert merged["merged_into"] == str(scenario.proposals["open"].pk)


def test_the_budget_results_are_the_published_ones_as_the_api_counts_them(scenario, tmp_path):
    _export(tmp_path)
    rows = _rows(tmp_path / "budget_results.csv")
    assert {row["budget_id"] for row in rows} == {str(scenario.budget.pk)}
    api = opendata.budget_results(scenario.budget, "en")
    assert api is not None
    assert [(int(r["project_id"]), int(r["votes"]), r["selected"]) for r in rows] == [
        (p["id"], p["votes"], "true" if p["selected"] else "false") for p in api["projects"]]
    assert {(r["ballots"], r["total"], r["amount"]) for r in rows} == {("6", "60000", "100000")}


def test_the_survey_results_are_counts_without_free_text(scenario, tmp_path):
    _export(tmp_path)
    rows = _rows(tmp_path / "survey_results.csv")
    single = {r["choice"]: r["count"] for r in rows if r["kind"] == "single"}
    assert single == {"walk": "2", "bus": "1", "car": "0"}
    scale = [r for r in rows if r["kind"] == "scale"]
    assert [r["count"] for r in scale] == ["0", "1", "0", "1", "1"]
    assert {r["mean"] for r in scale} == {"3.67"}
    (text,) = [r for r in rows if r["kind"] == "text"]
    assert (text["answered"], text["choice"], text["count"]) == ("2", "", "")
    (point,) = [r for r in rows if r["kind"] == "point"]
    assert point["entries"] == "3"


def test_the_survey_points_are_rounded_geojson(scenario, tmp_path):
    _export(tmp_path)
    collection = json.loads((tmp_path / "survey_points.geojson").read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 4
    points = sorted(tuple(f["geometry"]["coordinates"]) for f in collection["features"]
                    if f["properties"]["kind"] == "point")
    assert points == sorted((round(lon, 3), round(lat, 3)) for lat, lon in SURVEY_POINTS)
    assert all(set(f["properties"]) == {"survey", "question", "kind"}
               for f in collection["features"])


def test_no_file_holds_an_address_a_ballot_or_a_private_text(scenario, tmp_path):
    _export(tmp_path)
    leaks = secrets(scenario)
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert [s for s in leaks if s in text] == [], path.name
        header = text.splitlines()[0].lower()
        assert not any(word in header for word in ("author", "resident", "email", "phone",
                                                   "address", "voter", "comment")), path.name


def test_a_formula_in_a_proposal_is_not_run_by_a_spreadsheet(scenario, tmp_path):
    Proposal.objects.filter(pk=scenario.proposals["open"].pk).update(
        title='=HYPERLINK("http://evil.example","Click")', body="+1 more bench\n-please")
    _export(tmp_path)
    row = next(r for r in _rows(tmp_path / "proposals.csv")
               if r["id"] == str(scenario.proposals["open"].pk))
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["body"] == "'+1 more bench\n-please"


def test_titles_in_another_language(scenario, tmp_path):
    _export(tmp_path, "--language", "zh-hans")
    processes = {row["slug"]: row for row in _rows(tmp_path / "processes.csv")}
    assert processes["budget-vote"]["title"] == "参与流程"
    rows = _rows(tmp_path / "survey_results.csv")
    assert [r["label"] for r in rows if r["kind"] == "single"] == ["步行", "公交", "开车"]


def test_a_failed_export_leaves_the_previous_one_whole(scenario, tmp_path, monkeypatch):
    _export(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    Proposal.objects.filter(pk=scenario.proposals["open"].pk).update(title="Changed")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(opendata, "survey_points", broken)
    with pytest.raises(CommandError, match="No space left on device"):
        _export(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_an_output_that_is_a_file_is_refused(db, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="is a file"):
        _export(target)


def test_an_empty_city_gives_headers_only(db, tmp_path):
    printed = _export(tmp_path)
    assert "processes.csv: 0 rows" in printed
    assert _rows(tmp_path / "proposals.csv") == []
    assert json.loads((tmp_path / "survey_points.geojson").read_text()) == {
        "type": "FeatureCollection", "features": []}
