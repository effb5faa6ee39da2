"""A district taking part, built through the participation steps themselves.

Residents with addresses a leak would show (an email, a phone number); a
proposals process with one proposal of every visible status, a hidden one
and a merged one; an unpublished process with a proposal, a survey and a
budget of its own; a budget whose vote is over and results published, and
one still voting; a survey answered with choices, a scale, free text that
names a flat, and map points with comments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from cityloop.catalogue.models import ServiceCategory
from cityloop.participation import budgets, proposals, surveys
from cityloop.participation.models import (
    Budget,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
    Project,
    Proposal,
    ProposalStatus,
    Resident,
    Survey,
)
from tests.participation.fixtures import open_process

ADDRESSES = ("ann.lee.civic@example.org", "+8613800001234", "wang.wei@example.cn",
             "old.zhou@example.net", "mei.lin@example.org", "+8613911112222")
# What residents wrote that must never reach an answer or an export.
PRIVATE_TEXTS = ("Flat 402, 12 Hetang Road, call me", "Behind my house at No. 7",
                 "the dark alley by my building")
# The proposal's point, and the survey's, before rounding.
PROPOSAL_POINT = (29.581234, 106.581789)
SURVEY_POINTS = [(29.581234, 106.521789), (29.541987, 106.578123), (29.579555, 106.519444)]
PARK = {"type": "Polygon", "coordinates": [[[106.55, 29.55], [106.56, 29.55],
                                            [106.56, 29.56], [106.55, 29.55]]]}


@dataclass
class Scenario:
    residents: list[Resident]
    process: Process  # proposals
    proposals: dict[str, Proposal]
    hidden_process: Process  # not published
    budget: Budget  # results published
    voting: Budget  # the vote still open
    survey: Survey
    hidden_budget: Budget
    hidden_survey: Survey
    ballots: list[list[str]] = field(default_factory=list)


def build(city: Any, make_resident: Callable[..., Resident], proposals_process: Process,
          budget: Budget, survey: Survey, officer: User) -> Scenario:
    residents = [make_resident(address, channel="sms" if address.startswith("+") else "email")
                 for address in ADDRESSES]
    pothole = ServiceCategory.objects.get(service_code="pothole")
    found = _proposals(proposals_process, residents, officer, pothole)
    ballots = _vote(budget, residents, officer)
    voting = _voting_budget(city)
    _answer(survey, residents)
    hidden = open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS, slug="not-yet")
    Process.objects.filter(pk=hidden.pk).update(published=False)
    Proposal.objects.create(process=hidden, title="A secret plan", body="Not public yet " * 3,
                            language="en", created_at=timezone.now(), author=residents[0])
    hidden_budget = Budget.objects.create(process=hidden, title="Draft budget",
                                          amount=Decimal(5000), results_published_at=timezone.now())
    hidden_survey = Survey.objects.create(process=hidden, title="Draft survey")
    budget.refresh_from_db()  # results published
    return Scenario(residents, proposals_process, found, hidden, budget, voting, survey,
                    hidden_budget, hidden_survey, ballots)


def _proposals(process: Process, residents: list[Resident], officer: User,
               pothole: ServiceCategory) -> dict[str, Proposal]:
    def submit(title: str, resident: Resident, **where: Any) -> Proposal:
        return proposals.submit_proposal(process, resident, proposals.Draft(
            title=title, body=f"{title}: because the street needs it and neighbours agree.",
            language="en", **where))

    accepted = submit("Fill the potholes on Hetang Road", residents[0],
                      lat=PROPOSAL_POINT[0], lon=PROPOSAL_POINT[1], category=pothole)
    for resident in residents[1:4]:
        proposals.support(accepted, resident)
    proposals.answer(accepted, officer, proposals.Decision(
        status=ProposalStatus.ACCEPTED, text="We will fill them this month."))
    open_one = submit("More benches by the river", residents[1])
    proposals.support(open_one, residents[2])
    duplicate = submit("Benches along the river, please", residents[2])
    proposals.support(duplicate, residents[3])
    proposals.merge(duplicate, open_one, officer)
    rejected = submit("A fountain in every square", residents[3])
    proposals.answer(rejected, officer, proposals.Decision(
        status=ProposalStatus.REJECTED, text="Too costly to run; we will plant trees instead."))
    hidden = submit("Rude words about a neighbour", residents[4])
    proposals.hide(hidden, officer, "Insults a named person")
    return {name: Proposal.objects.get(pk=p.pk) for name, p in [
        ("accepted", accepted), ("open", open_one), ("merged", duplicate),
        ("rejected", rejected), ("hidden", hidden)]}


def _vote(budget: Budget, residents: list[Resident], officer: User) -> list[list[str]]:
    """Six ballots within 100,000, then the vote closed and the results published."""
    projects = {p.title: p.pk for p in budget.projects.all()}
    choices = [["Playground", "Trees", "Bike racks"], ["Playground", "Benches"],
               ["Benches", "Trees", "Bike racks"], ["Playground"], ["Trees", "Bike racks"],
               ["Benches", "Trees"]]
    for resident, chosen in zip(residents, choices, strict=True):
        budgets.cast(budget, resident, [projects[title] for title in chosen])
    now = timezone.now()
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        ends_at=now - timedelta(seconds=1))
    Phase.objects.create(process=budget.process, kind=PhaseKind.RESULTS, starts_at=now,
                         ends_at=now + timedelta(days=30))
    budgets.publish_results(budget, officer)
    return choices


def _voting_budget(city: Any) -> Budget:
    process = open_process(ProcessKind.BUDGET, PhaseKind.VOTE, slug="west-budget",
                           area=city.areas["west"])
    voting = Budget.objects.create(process=process, title="West District budget",
                                   amount=Decimal(50_000))
    Project.objects.create(budget=voting, title="Lights", cost=Decimal(20_000))
    return voting


def _answer(survey: Survey, residents: list[Resident]) -> None:
    q = {question.kind: question.pk for question in survey.questions.all()}
    answers = [
        {q["single"]: "walk", q["multiple"]: ["bus", "car"], q["scale"]: 2,
         q["text"]: PRIVATE_TEXTS[0],
         q["point"]: [{"geometry": _point(SURVEY_POINTS[0]), "comment": PRIVATE_TEXTS[1]},
                      {"geometry": _point(SURVEY_POINTS[1]), "comment": ""}],
         q["area"]: [{"geometry": PARK, "comment": PRIVATE_TEXTS[2]}]},
        {q["single"]: "bus", q["scale"]: 4,
         q["point"]: [{"geometry": _point(SURVEY_POINTS[2]), "comment": "Too dark"}]},
        {q["single"]: "walk", q["multiple"]: ["bus"], q["scale"]: 5, q["text"]: "More lamps"},
    ]
    for resident, given in zip(residents, answers, strict=False):
        surveys.respond(survey, resident, given)


def _point(lat_lon: tuple[float, float]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lat_lon[1], lat_lon[0]]}

