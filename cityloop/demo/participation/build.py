"""The demo's participation, generated once: residents, a budget, proposals, a survey.

Called by ``cityloop demo`` after the history, like the other parts of the demo
city: kept when run again, made afresh with ``--reset``. The same seed and the
same "now" give the same participation; volume goes in by bulk inserts, and the
few steps a person takes rarely (answers, results, projects, moderation) go
through the participation domain, inside ``outbox.suppressed()`` as the history
does, so nothing is mailed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from cityloop.demo.participation import answers, budget, ideas, survey, talk
from cityloop.demo.participation.ground import Ground
from cityloop.demo.participation.people import Roll
from cityloop.notify import outbox
from cityloop.participation.models import AnswerTemplate, Event, Process, Resident

SLUGS = (budget.SLUG, ideas.SLUG, survey.SLUG)
# Residents of the budget's district (most of them vote) and of the rest of the city.
DISTRICT_RESIDENTS = 640
CITY_RESIDENTS = 760
RESPONDENTS = 380


@dataclass
class ParticipationReport:
    residents: int = 0
    ballots: int = 0
    proposals: int = 0
    supports: int = 0
    responses: int = 0
    answers: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def has_participation() -> bool:
    return Process.objects.filter(slug__in=SLUGS).exists()


def wipe_participation() -> int:
    """Delete the demo's processes (with everything in them), residents and templates."""
    count = Process.objects.filter(slug__in=SLUGS).count()
    with transaction.atomic():
        Process.objects.filter(slug__in=SLUGS).delete()
        Event.objects.filter(process__isnull=True).delete()  # residents' "verified"
        Resident.objects.filter(address__regex=r"@example\.(org|com)$").delete()
        AnswerTemplate.objects.filter(title__in=answers.template_titles()).delete()
    return count


def generate(*, seed: int, now: datetime) -> ParticipationReport:
    started = time.monotonic()
    rng = random.Random(seed + 14)  # issue 14: a stream apart from the history's
    report = ParticipationReport()
    with outbox.suppressed(), transaction.atomic():
        ground = Ground(now, rng)
        roll = Roll(ground, random.Random(rng.random()))
        locals_ = roll.add(DISTRICT_RESIDENTS, _streets_of(ground, budget.DISTRICT))
        others = roll.add(CITY_RESIDENTS, sorted(set(ground.streets) - set(
            _streets_of(ground, budget.DISTRICT))))
        the_budget = budget.build(ground, roll, locals_, random.Random(rng.random()))
        process, plans = ideas.build(ground, roll, random.Random(rng.random()))
        report.answers = answers.answer_all(ground, plans, random.Random(rng.random()))
        report.answers.update(talk.build(ground, process, plans, random.Random(rng.random())))
        answers.templates()
        people = random.Random(rng.random()).sample(locals_ + others, RESPONDENTS)
        survey.build(ground, roll, people, random.Random(rng.random()))
        report.residents = roll.finish(now - timedelta(days=120))
    report.ballots = the_budget.ballots.count()
    report.proposals = len(plans)
    report.supports = sum(p.proposal.supports for p in plans)
    report.responses = RESPONDENTS
    report.seconds = time.monotonic() - started
    return report


def _streets_of(ground: Ground, district: str) -> list[str]:
    parent = ground.districts[district].pk
    return [code for code, area in ground.streets.items() if area.parent_id == parent]
