"""The budget ballot: the rule in a sentence, one secret ballot per verified resident,
refused over the budget or twice, and only while the vote is open."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from cityloop.participation.models import (
    Ballot,
    BallotChoice,
    BallotRule,
    Budget,
    Phase,
    PhaseKind,
    Project,
    Resident,
    Voter,
)

pytestmark = pytest.mark.django_db


def url(budget: Budget, tail: str = "") -> str:
    return f"/participate/budgets/{budget.pk}/{tail}"


def ids(budget: Budget, *titles: str) -> list[str]:
    return [str(Project.objects.get(budget=budget, title=t).pk) for t in titles]


def test_it_sends_an_unverified_person_to_verify_and_back(client: Client, budget: Budget) -> None:
    for response in (client.get(url(budget)),
                     client.post(url(budget), {"projects": ids(budget, "Trees")})):
        assert response.status_code == 302
        assert response["Location"] == (
            f"/participate/verify/?next=%2Fparticipate%2Fbudgets%2F{budget.pk}%2F")
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["East District budget", "Budget: 100,000", "no more than the budget of 100,000",
            "Playground", "60,000", 'aria-live="polite"']),
    ("zh-hans", ['lang="zh-hans"', "Playground", "参与流程"]),
])
def test_the_ballot_shows_the_rule_and_the_projects(voter: Client, budget: Budget,
                                                    language: str, words: list[str]) -> None:
    response = voter.get(url(budget), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    for word in words:
        assert word in body
    for project in budget.projects.all():
        assert f'name="projects" id="project-{project.pk}" value="{project.pk}"' in body
    assert 'data-cost="60000.00"' in body, "the script adds unlocalised costs"
    assert "cityloop/participate-ballot.js" in body


def test_a_ballot_within_the_budget_is_counted_and_not_repeated(
        voter: Client, budget: Budget, resident: Resident) -> None:
    response = voter.post(url(budget), {"projects": ids(budget, "Playground", "Benches",
                                                        "Bike racks")})
    assert response.status_code == 302 and response["Location"] == url(budget, "counted/")
    ballot = Ballot.objects.get(budget=budget)
    assert sorted(c.project.title for c in BallotChoice.objects.filter(ballot=ballot)) == [
        "Benches", "Bike racks", "Playground"]
    assert Voter.objects.filter(budget=budget, resident=resident).count() == 1
    counted = voter.get(response["Location"]).content.decode()
    assert "Your ballot was counted" in counted
    for title in ("Playground", "Benches", "Bike racks"):
        assert title not in counted, "no receipt showing the choice"
    assert str(ballot.pk) not in counted


def test_a_ballot_over_the_budget_is_refused_with_the_choice_kept(voter: Client,
                                                                  budget: Budget) -> None:
    chosen = ids(budget, "Playground", "Benches", "Trees")
    response = voter.post(url(budget), {"projects": chosen})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your choice costs 110,000, more than the budget of 100,000" in body
    for pk in chosen:
        assert f'value="{pk}" data-cost' in body and f'id="project-{pk}" value="{pk}"' in body
        assert f'value="{pk}" data-cost="{Project.objects.get(pk=pk).cost}" checked' in body
    assert not Ballot.objects.exists() and not Voter.objects.exists()


@pytest.mark.parametrize(("chosen", "words"), [
    ([], "Choose at least one project."),
    (["999999"], "Choose projects from this ballot only."),
    (["east"], "Choose projects from the ballot."),
])
def test_a_bad_ballot_is_refused(voter: Client, budget: Budget, chosen: list[str],
                                 words: str) -> None:
    response = voter.post(url(budget), {"projects": chosen})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_second_ballot_is_refused(voter: Client, budget: Budget) -> None:
    assert voter.post(url(budget), {"projects": ids(budget, "Trees")}).status_code == 302
    again = voter.post(url(budget), {"projects": ids(budget, "Benches")})
    assert again.status_code == 400
    assert "You have voted in this budget already: one ballot per resident." in (
        again.content.decode())
    page = voter.get(url(budget)).content.decode()
    assert "You have voted in this budget already" in page and 'id="budget-form"' not in page
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1


def test_choose_k_of_n_says_how_many_and_refuses_more(voter: Client, budget: Budget) -> None:
    budget.rule, budget.max_choices = BallotRule.K_OF_N, 2
    budget.save()
    page = voter.get(url(budget)).content.decode()
    assert "Choose up to 2 projects" in page
    response = voter.post(url(budget), {"projects": ids(budget, "Trees", "Benches",
                                                        "Bike racks")})
    assert response.status_code == 400
    assert "Choose at most 2 projects." in response.content.decode()
    assert voter.post(url(budget), {"projects": ids(budget, "Playground", "Benches")}
                      ).status_code == 302


@pytest.mark.parametrize(("days", "words"), [(3, "The vote opens on"),
                                             (-20, "The vote closed on")])
def test_outside_the_vote_it_says_when_the_vote_opens_or_closed(
        voter: Client, budget: Budget, days: int, words: str) -> None:
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        starts_at=timezone.now() + timedelta(days=days),
        ends_at=timezone.now() + timedelta(days=days + 7))
    page = voter.get(url(budget))
    assert page.status_code == 200 and words in page.content.decode()
    response = voter.post(url(budget), {"projects": ids(budget, "Trees")})
    assert response.status_code == 400 and words in response.content.decode()
    assert not Ballot.objects.exists()


def test_an_unpublished_budget_has_no_pages(voter: Client, budget: Budget) -> None:
    budget.process.published = False
    budget.process.save()
    for tail in ("", "counted/", "results/"):
        assert voter.get(url(budget, tail)).status_code == 404


def test_the_counted_page_is_only_for_who_voted(voter: Client, budget: Budget) -> None:
    assert voter.get(url(budget, "counted/"))["Location"] == url(budget)


def test_only_candidates_are_on_the_ballot(voter: Client, budget: Budget) -> None:
    Project.objects.create(budget=budget, title="Already done", cost=Decimal(5),
                           status="done")
    assert "Already done" not in voter.get(url(budget)).content.decode()
