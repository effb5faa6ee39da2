"""Budgets for staff: the tally during the vote, publishing the results after it,
and starting the work of a selected project (a case, linked both ways)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.participation import budgets
from cityloop.participation.models import Event, EventKind, Phase, PhaseKind, ProjectStatus


@pytest.fixture
def voted(budget, make_resident, city):
    """Three ballots: Playground + Trees, Playground, Benches + Bike racks."""
    budget.process.department = city.departments["roads"]
    budget.process.save()
    ids = {p.title: p.pk for p in budget.projects.all()}
    for choice in (["Playground", "Trees"], ["Playground"], ["Benches", "Bike racks"]):
        budgets.cast(budget, make_resident(), [ids[t] for t in choice])
    return budget


def end_the_vote(budget) -> None:
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        ends_at=timezone.now() - timedelta(minutes=1))


def test_staff_read_the_tally_during_the_vote(client_for, roads_officer, voted):
    page = client_for(roads_officer).get(f"/staff/participation/budgets/{voted.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-testid="budget-running"' in text
    assert '<dd data-testid="budget-ballots">3</dd>' in text
    assert text.index("Playground") < text.index("Bike racks")
    # Nothing ties a ballot to a person.
    assert "@example.org" not in text


def test_publishing_is_refused_while_the_vote_runs(client_for, roads_supervisor, voted):
    response = client_for(roads_supervisor).post(
        f"/staff/participation/budgets/{voted.pk}/publish/")
    assert response.status_code == 400
    assert "The vote is still open" in response.content.decode()
    voted.refresh_from_db()
    assert voted.results_published_at is None


def test_results_are_published_and_the_selected_projects_work_started(
        client_for, roads_supervisor, voted, pothole, city, client):
    end_the_vote(voted)
    client = client_for(roads_supervisor)
    url = f"/staff/participation/budgets/{voted.pk}/"
    response = client.post(url + "publish/", follow=True)
    assert "Results published: 3 ballots counted" in response.content.decode()
    voted.refresh_from_db()
    assert voted.results_published_at is not None
    assert Event.objects.filter(kind=EventKind.RESULTS, staff=roads_supervisor).exists()
    status = {p.title: p.status for p in voted.projects.all()}
    # Playground (2 votes, 60k), then the ties by cost: Bike racks 10k, Trees 20k; the
    # Benches (30k) no longer fit in the 100k.
    assert status == {"Playground": ProjectStatus.SELECTED, "Benches": ProjectStatus.NOT_SELECTED,
                      "Trees": ProjectStatus.SELECTED, "Bike racks": ProjectStatus.SELECTED}
    playground = voted.projects.get(title="Playground")
    start = f"{url}projects/{playground.pk}/start/"
    # No place for the work: refused, said on the page, no case.
    refused = client.post(start, {f"p{playground.pk}-category": pothole.pk})
    assert refused.status_code == 400
    assert "Give the place of the work on the map." in refused.content.decode()
    playground.area = city.areas["east_n"]
    playground.save()
    response = client.post(start, {f"p{playground.pk}-category": pothole.pk}, follow=True)
    playground.refresh_from_db()
    assert playground.status == ProjectStatus.IN_PROGRESS and playground.case is not None
    case = playground.case
    assert case.channel == "proposal"
    page = response.content.decode()
    assert f"Work started: case {case.reference}" in page
    assert f'href="/staff/cases/{case.reference}/"' in page
    # The case pages link back to the project.
    staff_case = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "This case carries out the budget project" in staff_case
    assert "Playground" in staff_case
    public_case = client.get(f"/cases/{case.reference}/").content.decode()
    assert "This case carries out the budget project" in public_case
    assert f'href="/participate/budgets/{voted.pk}/"' in public_case
    # A second start is refused.
    again = client.post(start, {f"p{playground.pk}-category": pothole.pk})
    assert again.status_code == 400


def test_a_project_needs_a_category(client_for, city_admin, voted):
    end_the_vote(voted)
    client = client_for(city_admin)
    client.post(f"/staff/participation/budgets/{voted.pk}/publish/")
    benches = voted.projects.get(title="Trees")
    response = client.post(
        f"/staff/participation/budgets/{voted.pk}/projects/{benches.pk}/start/",
        {f"p{benches.pk}-category": ""})
    assert response.status_code == 400
    assert f'id="id_p{benches.pk}-category_error"' in response.content.decode()
