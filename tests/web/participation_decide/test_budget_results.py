"""A budget's results: nothing before they are published, then the recount of every
stored ballot, the selection within the budget, and the projects' progress."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.participation import budgets
from cityloop.participation.models import (
    Ballot,
    BallotChoice,
    Budget,
    Phase,
    PhaseKind,
    Project,
    ProjectStatus,
    Resident,
)

pytestmark = pytest.mark.django_db

# Ballots by title: Playground 3, Benches 3, Trees 4, Bike racks 2.
BALLOTS = [("Playground", "Benches"), ("Playground", "Trees", "Bike racks"),
           ("Playground",), ("Benches", "Trees"), ("Trees", "Bike racks"), ("Benches", "Trees")]


@pytest.fixture
def voted(budget: Budget, make_resident: Callable[..., Resident]) -> list[Resident]:
    people = []
    by_title = {p.title: p.pk for p in budget.projects.all()}
    for choice in BALLOTS:
        person = make_resident()
        budgets.cast(budget, person, [by_title[t] for t in choice])
        people.append(person)
    return people


def close_and_publish(budget: Budget, admin_user: object) -> None:
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        ends_at=timezone.now() - timedelta(minutes=1))
    budgets.publish_results(budget, admin_user)  # type: ignore[arg-type]


def page(client: Client, budget: Budget, language: str = "en") -> str:
    response = client.get(f"/participate/budgets/{budget.pk}/results/",
                          HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def rows(body: str) -> list[tuple[str, int, str, str]]:
    """(title, votes, cost, selected) of each row of the results table, in order."""
    found = re.findall(
        r'<th scope="row" class="br-title">([^<]*).*?br-votes"[^>]*>(\d+)</td>\s*'
        r'<td class="num br-cost"[^>]*>([^<]*)</td>\s*<td class="br-selected"[^>]*>(.*?)</td>',
        body, re.S)
    return [(t, int(v), c, "Yes" if "Yes" in s else "No") for t, v, c, s in found]


def test_before_publishing_it_says_results_come_after_the_vote(
        client: Client, budget: Budget, voted: list[Resident]) -> None:
    body = page(client, budget)
    assert "The results are published after the vote." in body
    assert "Playground" not in body and 'data-testid="budget-results"' not in body


def test_the_results_are_a_recount_of_the_stored_ballots(
        client: Client, budget: Budget, voted: list[Resident], admin_user: object) -> None:
    close_and_publish(budget, admin_user)
    body = page(client, budget)
    recount = Counter(BallotChoice.objects.filter(ballot__budget=budget)
                      .values_list("project__title", flat=True))
    shown = rows(body)
    assert {t: v for t, v, _c, _s in shown} == dict(recount)
    assert [v for _t, v, _c, _s in shown] == sorted(recount.values(), reverse=True)
    # Trees (4 votes, 20k), then Benches (3, 30k: a tie goes to the cheaper); Playground
    # (3, 60k) does not fit in the 50k left and is skipped; Bike racks (2, 10k) fit.
    assert [(t, s) for t, _v, _c, s in shown] == [
        ("Trees", "Yes"), ("Benches", "Yes"), ("Playground", "No"), ("Bike racks", "Yes")]
    assert f'data-testid="budget-ballots">{Ballot.objects.count()}<' in body
    assert 'data-testid="budget-amount">100,000<' in body
    assert 'data-testid="budget-total">60,000<' in body
    assert 'id="budget-chart"' in body and "Show the figures as a table" in body


def test_no_page_links_a_ballot_to_a_person(
        client: Client, budget: Budget, voted: list[Resident], admin_user: object) -> None:
    close_and_publish(budget, admin_user)
    body = page(client, budget)
    for person in voted:
        assert person.address not in body and person.identity not in body
    for ballot in Ballot.objects.all():
        assert str(ballot.pk) not in body and str(ballot.pk).replace("-", "") not in body


def test_progress_and_the_public_case_of_a_started_project(
        client: Client, budget: Budget, voted: list[Resident], admin_user: object,
        make_case: Callable[..., Case]) -> None:
    close_and_publish(budget, admin_user)
    trees = Project.objects.get(budget=budget, title="Trees")
    trees.status, trees.case = ProjectStatus.IN_PROGRESS, make_case()
    trees.save()
    Project.objects.filter(budget=budget, title="Benches").update(status=ProjectStatus.DONE)
    body = page(client, budget)
    assert f'href="/cases/{trees.case.reference}/"' in body
    assert "Under way" in body and "Done" in body


def test_the_results_read_in_chinese(client: Client, budget: Budget, voted: list[Resident],
                                     admin_user: object) -> None:
    Project.objects.filter(budget=budget, title="Trees").update(title_i18n={"zh-hans": "植树"})
    close_and_publish(budget, admin_user)
    body = page(client, budget, "zh-hans")
    assert 'lang="zh-hans"' in body and "植树" in body


def test_a_budget_with_no_ballots_publishes_zeros(client: Client, budget: Budget,
                                                  admin_user: object) -> None:
    close_and_publish(budget, admin_user)
    body = page(client, budget)
    assert all(v == 0 and s == "No" for _t, v, _c, s in rows(body))
    assert 'data-testid="budget-total">0<' in body
    assert Decimal(0) == budgets.tally(budget).total
