"""GET /api/v1/participation/processes: published processes, their phases and counts."""

from __future__ import annotations

from django.test import override_settings
from django.utils.translation import override

from cityloop.participation.models import PhaseKind
from tests.api.participation.helpers import read


def test_it_lists_published_processes_only_with_phases_counts_and_page(scenario):
    response, body = read("/processes")
    assert response.status_code == 200
    by_slug = {p["slug"]: p for p in body["processes"]}
    assert "not-yet" not in by_slug  # unpublished
    assert set(by_slug) == {"proposals-proposals", "budget-vote", "survey-consultation",
                            "west-budget"}
    proposals = by_slug["proposals-proposals"]
    assert proposals["id"] == scenario.process.pk and proposals["kind"] == "proposals"
    assert proposals["title"] == "Proposals process"
    assert proposals["summary"] == "What the city asks of its residents."
    assert proposals["scope"] is None
    assert proposals["phase"]["kind"] == "proposals" and proposals["phase"]["label"] == "Proposals"
    assert [p["kind"] for p in proposals["phases"]] == ["information", "proposals"]
    # Four visible (the hidden one is not counted); the merged one's support moved to the
    # proposal it was merged into, so it is counted once: 3 + 2.
    assert proposals["counts"] == {"proposals": 4, "supports": 5, "responses": 0, "ballots": 0}
    assert proposals["url"] == "http://127.0.0.1:8000/participate/proposals-proposals/"
    budget = by_slug["budget-vote"]
    assert budget["scope"] == {"code": "east", "name": "East District"}
    assert budget["phase"]["kind"] == "results" and budget["counts"]["ballots"] == 6
    assert by_slug["survey-consultation"]["counts"]["responses"] == 3


def test_titles_and_labels_come_in_the_asked_language(scenario):
    _response, body = read("/processes", lang="zh-hans")
    budget = next(p for p in body["processes"] if p["slug"] == "budget-vote")
    assert budget["title"] == "参与流程"
    assert budget["scope"]["name"] != "East District"
    with override("zh-hans"):  # interface words are gettext's (translated after merging)
        assert budget["phase"]["label"] == str(PhaseKind.RESULTS.label)
    by_header = read("/processes", headers={"Accept-Language": "zh-Hans"})
    assert by_header[0]["Content-Language"] == "zh-hans"
    assert by_header[1] == body


def test_the_answer_is_cacheable_and_readable_by_any_site(scenario):
    response, _body = read("/processes")
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Vary"] == "Accept-Language, Cookie"
    assert response["Content-Language"] == "en"


def test_an_unknown_language_is_a_400_in_the_apis_format(scenario):
    response, body = read("/processes", lang="fr")
    assert response.status_code == 400
    assert body == {"error": {"code": 400, "message": "lang must be one of en, zh-hans."}}
    assert response["Access-Control-Allow-Origin"] == "*"
    response, body = read("/processes", headers={"Accept-Language": "zh-hans"}, lang="fr")
    assert response.status_code == 400
    assert body["error"]["message"] == "lang 必须是以下之一：en, zh-hans。"


def test_the_page_address_follows_the_public_url(scenario):
    with override_settings(PUBLIC_URL="https://city.example"):
        _response, body = read("/processes")
    assert all(p["url"].startswith("https://city.example/participate/")
               for p in body["processes"])


def test_no_process_no_error(db):
    assert read("/processes")[1] == {"processes": []}
