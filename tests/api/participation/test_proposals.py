"""GET /api/v1/participation/processes/{id}/proposals: visible proposals, paged, no author."""

from __future__ import annotations

import pytest

from cityloop.participation import proposals
from tests.api.participation.helpers import read
from tests.api.participation.scenario import PROPOSAL_POINT


def _proposals(scenario, **params):
    response, body = read(f"/processes/{scenario.process.pk}/proposals", **params)
    assert response.status_code == 200, body
    return body


def test_it_lists_the_visible_proposals_newest_first_with_their_answers(scenario):
    body = _proposals(scenario)
    found = scenario.proposals
    assert body["process"] == scenario.process.pk and body["total"] == 4
    assert [p["id"] for p in body["proposals"]] == [
        found[name].pk for name in ("rejected", "merged", "open", "accepted")]
    accepted = body["proposals"][-1]
    case = found["accepted"].case
    assert case is not None
    assert accepted == {
        "id": found["accepted"].pk, "process": scenario.process.pk,
        "title": "Fill the potholes on Hetang Road",
        "body": "Fill the potholes on Hetang Road: because the street needs it and "
                "neighbours agree.",
        "language": "en", "status": "accepted", "status_label": "Accepted", "supports": 3,
        "threshold": 3, "answer": "We will fill them this month.",
        "answered_at": accepted["answered_at"], "answer_due_at": accepted["answer_due_at"],
        "category": "pothole", "area": "east_n",
        "point": [round(PROPOSAL_POINT[1], 4), round(PROPOSAL_POINT[0], 4)],
        "case": case.reference, "merged_into": None, "created_at": accepted["created_at"],
    }
    assert accepted["point"] == [106.5818, 29.5812]
    assert accepted["answered_at"] and accepted["answer_due_at"]
    merged = body["proposals"][1]
    assert merged["status"] == "merged" and merged["merged_into"] == found["open"].pk
    rejected = body["proposals"][0]
    assert rejected["answer"].startswith("Too costly") and rejected["case"] is None
    opened = body["proposals"][2]
    assert (opened["answer"], opened["answered_at"], opened["supports"]) == (None, None, 2)


def test_a_hidden_proposal_is_nowhere(scenario):
    hidden = scenario.proposals["hidden"]
    assert hidden.pk not in [p["id"] for p in _proposals(scenario)["proposals"]]
    response, body = read(f"/processes/{scenario.process.pk}/proposals", status="hidden")
    assert response.status_code == 400 and "status must be one of" in body["error"]["message"]


def test_paging_and_the_status_filter(scenario):
    first = _proposals(scenario, limit=2)
    second = _proposals(scenario, limit=2, offset=2)
    assert (first["total"], first["limit"], first["offset"]) == (4, 2, 0)
    assert len(first["proposals"]) == len(second["proposals"]) == 2
    ids = [p["id"] for p in first["proposals"] + second["proposals"]]
    assert ids == [p["id"] for p in _proposals(scenario)["proposals"]]
    assert _proposals(scenario, offset=10)["proposals"] == []
    accepted = _proposals(scenario, status="accepted")
    assert accepted["total"] == 1
    assert accepted["proposals"][0]["id"] == scenario.proposals["accepted"].pk


def test_a_merged_proposal_into_one_hidden_since_points_nowhere(scenario, roads_officer):
    proposals.hide(scenario.proposals["open"], roads_officer, "Spam")
    merged = next(p for p in _proposals(scenario)["proposals"] if p["status"] == "merged")
    assert merged["merged_into"] is None


@pytest.mark.parametrize("params", [
    {"limit": "0"}, {"limit": "201"}, {"limit": "ten"}, {"limit": "-1"}, {"offset": "-3"},
    {"offset": "1e3"}, {"offset": "99999999999999999999"}, {"status": "Accepted"},
    {"status": ""}, {"limit": "５"}, {"lang": "xx"}, {"offset": "9" * 5000},
])
def test_bad_parameters_are_a_400_in_the_apis_format(scenario, params):
    response, body = read(f"/processes/{scenario.process.pk}/proposals", **params)
    assert response.status_code == 400
    assert body["error"]["code"] == 400 and body["error"]["message"]


@pytest.mark.parametrize("process_id", ["0", "abc", "99999", "99999999999999999999999", "1.5",
                                        "%0A1", "-1", "9" * 5000, "%C2%B2"])
def test_an_unknown_or_malformed_process_is_a_404_in_the_apis_format(scenario, process_id):
    response, body = read(f"/processes/{process_id}/proposals")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert body["error"]["code"] == 404
    assert "no published participation process" in body["error"]["message"]


def test_an_unpublished_process_is_a_404(scenario):
    response, _body = read(f"/processes/{scenario.hidden_process.pk}/proposals")
    assert response.status_code == 404 and "A secret plan" not in response.content.decode()
