"""GET /api/v1/participation/budgets and /budgets/{id}/results: a recount, once published."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from cityloop.participation import budgets
from cityloop.participation.models import Ballot, BallotChoice, Budget
from tests.api.participation.helpers import read


def test_it_lists_the_budgets_of_published_processes(scenario):
    response, body = read("/budgets")
    assert response.status_code == 200
    by_id = {b["id"]: b for b in body["budgets"]}
    assert set(by_id) == {scenario.budget.pk, scenario.voting.pk}  # not the hidden process's
    east = by_id[scenario.budget.pk]
    assert {k: v for k, v in east.items() if k not in ("results_published_at", "projects")} == {
        "id": scenario.budget.pk, "process": scenario.budget.process_id,
        "title": "East District budget", "amount": 100000, "rule": "knapsack",
        "max_choices": None, "results_published": True}
    assert [(p["title"], p["cost"]) for p in east["projects"]] == [
        ("Playground", 60000), ("Benches", 30000), ("Trees", 20000), ("Bike racks", 10000)]
    assert by_id[scenario.voting.pk]["results_published"] is False
    assert by_id[scenario.voting.pk]["results_published_at"] is None


def test_the_results_equal_a_recount_of_the_stored_ballots(scenario):
    response, body = read(f"/budgets/{scenario.budget.pk}/results")
    assert response.status_code == 200, body
    stored = Counter(BallotChoice.objects.filter(ballot__budget=scenario.budget)
                     .values_list("project_id", flat=True))
    assert body["ballots"] == Ballot.objects.filter(budget=scenario.budget).count() == 6
    assert {p["id"]: p["votes"] for p in body["projects"]} == {
        p.pk: stored.get(p.pk, 0) for p in scenario.budget.projects.all()}
    # The same recount by hand from the scenario's ballots, by title.
    by_title = Counter(title for ballot in scenario.ballots for title in ballot)
    assert {p["title"]: p["votes"] for p in body["projects"]} == dict(by_title)


def test_projects_are_selected_in_order_of_votes_within_the_budget(scenario):
    body = read(f"/budgets/{scenario.budget.pk}/results")[1]
    # Trees 4; then three with 3 votes, the cheaper first: Bike racks, Benches, Playground.
    assert [(p["title"], p["votes"], p["selected"]) for p in body["projects"]] == [
        ("Trees", 4, True), ("Bike racks", 3, True), ("Benches", 3, True),
        ("Playground", 3, False)]
    assert body["total"] == 60000 <= body["amount"] == 100000
    assert sum(p["cost"] for p in body["projects"] if p["selected"]) == body["total"]
    assert [p["status"] for p in body["projects"]] == ["selected"] * 3 + ["not_selected"]
    assert all(p["case"] is None for p in body["projects"])


def test_a_started_project_shows_its_case(scenario, roads_officer, pothole):
    trees = scenario.budget.projects.get(title="Trees")
    trees.lat, trees.lon = 29.58, 106.58
    trees.save()
    budgets.start_project(trees, roads_officer, pothole)
    trees.refresh_from_db()
    body = read(f"/budgets/{scenario.budget.pk}/results")[1]
    shown = next(p for p in body["projects"] if p["title"] == "Trees")
    assert trees.case is not None
    assert (shown["status"], shown["case"]) == ("in_progress", trees.case.reference)


def test_before_publication_the_results_are_a_409_saying_they_come_after_the_vote(scenario):
    response, body = read(f"/budgets/{scenario.voting.pk}/results")
    assert response.status_code == 409
    assert body["error"]["code"] == 409
    assert "published after the vote" in body["error"]["message"]


def test_a_budget_of_an_unpublished_process_is_a_404_even_with_results(scenario):
    assert Budget.objects.get(pk=scenario.hidden_budget.pk).results_published_at is not None
    response, body = read(f"/budgets/{scenario.hidden_budget.pk}/results")
    assert response.status_code == 404 and body["error"]["code"] == 404


@pytest.mark.parametrize("budget_id", ["0", "x", "424242", "1e2", "9" * 30])
def test_an_unknown_budget_is_a_404_in_the_apis_format(scenario, budget_id):
    response, body = read(f"/budgets/{budget_id}/results")
    assert response.status_code == 404 and "no participatory budget" in body["error"]["message"]


def test_titles_in_chinese(scenario):
    scenario.budget.projects.filter(title="Trees").update(title_i18n={"zh-hans": "种树"})
    Budget.objects.filter(pk=scenario.budget.pk).update(title_i18n={"zh-hans": "东区预算"})
    body = read(f"/budgets/{scenario.budget.pk}/results", lang="zh-hans")[1]
    assert body["projects"][0]["title"] == "种树"
    response, body = read("/budgets", lang="zh")
    assert response["Content-Language"] == "zh-hans"
    east = next(b for b in body["budgets"] if b["id"] == scenario.budget.pk)
    assert east["title"] == "东区预算" and "种树" in [p["title"] for p in east["projects"]]
    english = read(f"/budgets/{scenario.budget.pk}/results", lang="en")[1]
    assert english["projects"][0]["title"] == "Trees"


def test_published_at_is_the_publication_time(scenario):
    body = read(f"/budgets/{scenario.budget.pk}/results")[1]
    published = Budget.objects.get(pk=scenario.budget.pk).results_published_at
    assert published is not None
    assert body["published_at"] == timezone.localtime(published).isoformat(timespec="seconds")
