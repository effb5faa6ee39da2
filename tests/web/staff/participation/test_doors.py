"""Every participation page and step, for each persona: allowed, or a 403 page
(never a 500, never a change). Roads' processes are the roads bureau's to
answer; publishing a budget's results is for its department's supervisors and
the city's administrators (``cityloop.participation.policy``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cityloop.participation.models import Event, ProcessKind, Proposal, ProposalStatus
from tests.participation.fixtures import open_process

PERSONAS = ["roads_officer", "roads_supervisor", "operator", "city_admin", "water_officer",
            "east_officer"]
ANSWERS = {"roads_officer", "roads_supervisor", "operator", "city_admin"}


@pytest.fixture
def roads_budget(budget, city):
    budget.process.department = city.departments["roads"]
    budget.process.save()
    return budget


def pages(proposal: Proposal, budget_pk: int) -> list[str]:
    return ["/staff/participation/", f"/staff/participation/proposals/{proposal.pk}/",
            "/staff/participation/moderation/", "/staff/participation/budgets/",
            f"/staff/participation/budgets/{budget_pk}/"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_opens_for_those_who_answer_and_is_403_for_the_others(
        request, client_for, persona, over_threshold, roads_budget):
    user: User = request.getfixturevalue(persona)
    client = client_for(user)
    for url in pages(over_threshold, roads_budget.pk):
        response = client.get(url)
        expected = 200 if persona in ANSWERS else 403
        assert response.status_code == expected, (persona, url)
        if expected == 403:
            assert b'data-testid="forbidden"' in response.content
    nav = client.get("/staff/").content.decode()
    assert ('data-testid="nav-participation"' in nav) == (persona in ANSWERS)


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - ANSWERS))
def test_every_step_is_refused_with_403_and_changes_nothing(
        request, client_for, persona, over_threshold, make_proposal, roads_budget):
    user: User = request.getfixturevalue(persona)
    client = client_for(user)
    other = make_proposal(title="Another crossing")
    before = Event.objects.count()
    base = f"/staff/participation/proposals/{over_threshold.pk}"
    for url, data in [(f"{base}/answer/", {"status": "accepted", "text": "Yes"}),
                      (f"{base}/implemented/", {}), (f"{base}/merge/", {"into": other.pk}),
                      (f"{base}/hide/", {"hide-reason": "spam"}),
                      (f"/staff/participation/budgets/{roads_budget.pk}/publish/", {})]:
        assert client.post(url, data).status_code == 403, url
    assert Event.objects.count() == before
    over_threshold.refresh_from_db()
    assert over_threshold.status == ProposalStatus.PUBLISHED


@pytest.mark.parametrize("persona", ["roads_officer", "operator"])
def test_publishing_results_is_only_for_supervisors_and_admins(
        request, client_for, persona, roads_budget):
    client = client_for(request.getfixturevalue(persona))
    url = f"/staff/participation/budgets/{roads_budget.pk}/"
    assert b'data-testid="publish-results"' not in client.get(url).content
    assert client.post(url + "publish/").status_code == 403
    roads_budget.refresh_from_db()
    assert roads_budget.results_published_at is None


def test_an_officer_with_a_process_of_their_own_may_not_open_another_departments(
        client_for, water_officer, over_threshold, city):
    open_process(ProcessKind.PROPOSALS, "proposals", slug="water-ideas",
                 department=city.departments["water"])
    client = client_for(water_officer)
    assert client.get("/staff/participation/").status_code == 200
    queue = client.get("/staff/participation/").content.decode()
    assert over_threshold.title not in queue
    response = client.get(f"/staff/participation/proposals/{over_threshold.pk}/")
    assert response.status_code == 403
    assert "Roads" in response.content.decode()  # says whose it is


def test_a_supervisor_of_a_parent_department_answers_its_units_process(
        client_for, roads_supervisor, make_proposal, city):
    unit = open_process(ProcessKind.PROPOSALS, "proposals", slug="east-ideas",
                        department=city.departments["roads_east"], support_threshold=1)
    proposal = make_proposal(process=unit, supports=1)
    assert client_for(roads_supervisor).get(
        f"/staff/participation/proposals/{proposal.pk}/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in(client, over_threshold):
    response = client.get(f"/staff/participation/proposals/{over_threshold.pk}/")
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_an_unknown_proposal_is_404(client_for, city_admin, db):
    assert client_for(city_admin).get("/staff/participation/proposals/999999/").status_code == 404


@pytest.mark.parametrize("url", ["/staff/participation/?process=abc",
                                 "/staff/participation/?process=99999",
                                 "/staff/participation/budgets/99999/",
                                 "/staff/participation/budgets/1/projects/99999/start/"])
def test_bad_addresses_are_a_page_or_404_never_a_500(client_for, city_admin, url, db):
    response = client_for(city_admin).get(url)
    assert response.status_code in {200, 404, 405}


def test_steps_answer_only_to_post(client_for, city_admin, over_threshold):
    response = client_for(city_admin).get(
        f"/staff/participation/proposals/{over_threshold.pk}/answer/")
    assert response.status_code == 405
