"""Processes of every kind, open now, and verified residents: shared by the participation
tests of the domain, the pages, the API and the browser (imported by their conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from cityloop.catalogue.models import ServiceCategory
from cityloop.participation.models import (
    BallotRule,
    Budget,
    Channel,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
    Project,
    Question,
    QuestionKind,
    Resident,
    Survey,
)
from tests.conftest import City


def open_process(kind: str, phase: str, *, slug: str = "", area: Any = None,
                 **fields: Any) -> Process:
    """A published process whose ``phase`` runs from a week ago to a week ahead."""
    now = timezone.now()
    process = Process.objects.create(
        slug=slug or f"{kind}-{phase}", kind=kind, title=f"{kind.title()} process",
        title_i18n={"zh-hans": "参与流程"}, summary="What the city asks of its residents.",
        area=area, published=True, **fields)
    Phase.objects.create(process=process, kind=PhaseKind.INFORMATION,
                         starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=7))
    Phase.objects.create(process=process, kind=phase, starts_at=now - timedelta(days=7),
                         ends_at=now + timedelta(days=7))
    return process


@pytest.fixture
def make_resident(db: None) -> Callable[..., Resident]:
    count = iter(range(1, 100_000))

    def make(address: str = "", **fields: Any) -> Resident:
        address = address or f"resident{next(count)}@example.org"
        channel = fields.pop("channel", Channel.EMAIL)
        from cityloop.participation.residents import identity
        return Resident.objects.create(channel=channel, address=address,
                                       identity=identity(channel, address),
                                       language=fields.pop("language", "en"),
                                       verified_at=timezone.now(), **fields)

    return make


@pytest.fixture
def proposals_process(city: City) -> Process:
    """Taking proposals now; 3 supports oblige an answer from the roads bureau in 10 days."""
    return open_process(ProcessKind.PROPOSALS, PhaseKind.PROPOSALS,
                        department=city.departments["roads"], support_threshold=3,
                        answer_days=10)


@pytest.fixture
def pothole() -> ServiceCategory:
    return ServiceCategory.objects.get(service_code="pothole")


@pytest.fixture
def survey(city: City) -> Survey:
    """A map survey open now: one choice, several choices, a scale, a text, points, an area."""
    process = open_process(ProcessKind.SURVEY, PhaseKind.CONSULTATION)
    survey = Survey.objects.create(process=process, title="Our streets",
                                   title_i18n={"zh-hans": "我们的街道"})
    choices = [{"key": "walk", "en": "On foot", "zh-hans": "步行"},
               {"key": "bus", "en": "By bus", "zh-hans": "公交"},
               {"key": "car", "en": "By car", "zh-hans": "开车"}]
    Question.objects.create(survey=survey, position=1, kind=QuestionKind.SINGLE,
                            text="How do you get to work?", choices=choices, required=True)
    Question.objects.create(survey=survey, position=2, kind=QuestionKind.MULTIPLE,
                            text="How else do you travel?", choices=choices)
    Question.objects.create(survey=survey, position=3, kind=QuestionKind.SCALE,
                            text="How safe do you feel walking at night?")
    Question.objects.create(survey=survey, position=4, kind=QuestionKind.TEXT,
                            text="Anything else?")
    Question.objects.create(survey=survey, position=5, kind=QuestionKind.POINT,
                            text="Where do you feel unsafe?", max_features=3)
    Question.objects.create(survey=survey, position=6, kind=QuestionKind.AREA,
                            text="Where would you like a park?", max_features=1)
    return survey


@pytest.fixture
def budget(city: City) -> Budget:
    """A budget of 100,000 being voted now, with four projects (60k, 30k, 20k, 10k)."""
    process = open_process(ProcessKind.BUDGET, PhaseKind.VOTE, area=city.areas["east"])
    budget = Budget.objects.create(process=process, title="East District budget",
                                   amount=Decimal(100_000), rule=BallotRule.KNAPSACK)
    for title, cost in [("Playground", 60_000), ("Benches", 30_000), ("Trees", 20_000),
                        ("Bike racks", 10_000)]:
        Project.objects.create(budget=budget, title=title, cost=Decimal(cost),
                               title_i18n={"zh-hans": title})
    return budget


def end_vote(budget: Budget) -> None:
    """The vote ended a minute ago and the results phase runs now."""
    now = timezone.now()
    Phase.objects.filter(process=budget.process, kind=PhaseKind.VOTE).update(
        starts_at=now - timedelta(days=7), ends_at=now - timedelta(minutes=1))
    Phase.objects.create(process=budget.process, kind=PhaseKind.RESULTS,
                         starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(days=7))
