"""The Laocheng District participatory budget: voted, counted, and partly under way.

Residents of the old town cast their ballots over a month that ended weeks ago
(bulk rows, as ``budgets.cast`` writes them: a roll entry, a ballot keeping
only its day, its choices and a ``ballot`` event each). Staff then publish the
results and start the first selected projects with the domain's own steps, and
one of those is finished in the staff console's way.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.demo.participation.ground import ZH, Ground, load
from cityloop.demo.participation.people import Roll
from cityloop.participation import audit, budgets
from cityloop.participation.models import (
    Ballot,
    BallotChoice,
    BallotRule,
    Budget,
    Event,
    EventKind,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
    Project,
    ProjectStatus,
    Resident,
    Voter,
)

SLUG = "laocheng-budget"
DISTRICT = "laocheng"
TURNOUT = 0.88
# After each project a voter adds, the chance they stop there (the rest fill the budget).
STOP = 0.3
NEAR_HOME = 2.5  # how much more a voter wants a project in their own street


def build(ground: Ground, roll: Roll, voters: list[Resident], rng: random.Random) -> Budget:
    data = load("budget.yaml")
    now = ground.now
    vote = (now - timedelta(days=75), now - timedelta(days=45))
    process = Process.objects.create(
        slug=SLUG, kind=ProcessKind.BUDGET, area=ground.districts[DISTRICT],
        residence_required=True, published=True,
        title=f"Laocheng District participatory budget {vote[0].year}",
        title_i18n={ZH: f"老城区{vote[0].year}年参与式预算"},
        summary="Residents of the old town decided how to spend 5 million yuan on their "
                "neighbourhoods: each could choose projects up to the budget.",
        summary_i18n={ZH: "老城区居民共同决定500万元怎么花：每位居民可在预算额度内选择项目。"})
    _phases(process, now, vote)
    budget = Budget.objects.create(
        process=process, title="What should Laocheng spend 5 million yuan on?",
        title_i18n={ZH: "老城区500万元怎么花，您来定"}, amount=Decimal(data["amount"]),
        rule=BallotRule.KNAPSACK)
    projects = [_project(ground, budget, row, rng) for row in data["projects"]]
    appeal = {p.pk: float(row["appeal"]) for p, row in zip(projects, data["projects"],
                                                             strict=True)}
    _ballots(budget, projects, appeal, roll, voters, vote, rng)
    admin = ground.staff["admin"]
    result = budgets.publish_results(budget, admin, now=vote[1] + timedelta(days=2, hours=3))
    category = {p.pk: str(row["category"]) for p, row in zip(projects, data["projects"],
                                                               strict=True)}
    # The most voted selected projects that staff can file as work, in order of votes.
    ready = [r.project for r in result.projects
             if r.selected and ground.can_open_case(category[r.project.pk])]
    _start(ground, ready[:2], category, vote[1])
    return budget


def _phases(process: Process, now: datetime, vote: tuple[datetime, datetime]) -> None:
    results_end = vote[1] + timedelta(days=15)
    for kind, start, end in (
            (PhaseKind.INFORMATION, vote[0] - timedelta(days=25), vote[0]),
            (PhaseKind.VOTE, vote[0], vote[1]),
            (PhaseKind.RESULTS, vote[1], results_end),
            (PhaseKind.IMPLEMENTATION, results_end, now + timedelta(days=300))):
        Phase.objects.create(process=process, kind=kind, starts_at=start, ends_at=end)


def _project(ground: Ground, budget: Budget, row: dict, rng: random.Random) -> Project:
    street = ground.streets[row["street"]]
    roads = ground.roads_in({street.pk})
    lat, lon = ground.on_road(rng.choice(roads), rng) if roads else (None, None)
    return Project.objects.create(
        budget=budget, title=row["title"]["en"], title_i18n={ZH: row["title"][ZH]},
        description=row["description"]["en"], description_i18n={ZH: row["description"][ZH]},
        cost=Decimal(row["cost"]), area=street, lat=lat, lon=lon)


def _ballots(budget: Budget, projects: list[Project], appeal: dict[int, float], roll: Roll,
             residents: list[Resident], vote: tuple[datetime, datetime],
             rng: random.Random) -> None:
    voters, ballots, choices, events = [], [], [], []
    for resident in residents:
        if rng.random() > TURNOUT:
            continue
        at = _when(vote, rng)
        chosen = _choose(budget.amount, projects, appeal, resident, rng)
        ballot = Ballot(id=uuid.UUID(int=rng.getrandbits(128), version=4), budget=budget,
                        cast_on=timezone.localdate(at))
        voters.append(Voter(budget=budget, resident=resident, voted_at=at))
        ballots.append(ballot)
        choices += [BallotChoice(ballot=ballot, project=p) for p in chosen]
        events.append(Event(at=at, kind=EventKind.BALLOT, process=budget.process,
                            data={"budget": budget.pk}))
        roll.acted(resident.pk, at)
    Voter.objects.bulk_create(voters, batch_size=1000)
    # Stored in another order than the roll: not even the order of the rows in the
    # table lines a ballot up with its voter.
    rng.shuffle(ballots)
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    BallotChoice.objects.bulk_create(choices, batch_size=1000)
    Event.objects.bulk_create(events, batch_size=1000)


def _when(vote: tuple[datetime, datetime], rng: random.Random) -> datetime:
    """Most ballots come in the first days and the last, in waking hours."""
    days = (vote[1] - vote[0]).days
    day = min(int(rng.betavariate(0.6, 0.6) * days), days - 1)
    hour = rng.choice((7, 8, 12, 12, 13, 18, 19, 20, 20, 21, 21, 22))
    return vote[0] + timedelta(days=day, hours=hour, minutes=rng.uniform(0, 59))


def _choose(amount: Decimal, projects: list[Project], appeal: dict[int, float],
            resident: Resident, rng: random.Random) -> list[Project]:
    """A voter's ranking (what they want, more so near home), filled up to the budget."""
    def key(p: Project) -> float:
        weight = appeal[p.pk] ** 1.5 * (NEAR_HOME if p.area_id == resident.area_id else 1.0)
        return rng.random() ** (1 / weight)  # weighted sampling without replacement
    left, chosen = amount, []
    for project in sorted(projects, key=key, reverse=True):
        if project.cost <= left:
            chosen.append(project)
            left -= project.cost
            if rng.random() < STOP:
                break
    return chosen


def _start(ground: Ground, projects: list[Project], category: dict[int, str],
           vote_end: datetime) -> None:
    """Staff open the cases of ``projects`` (weeks ago, and two days ago); the first is done."""
    admin = ground.staff["admin"]
    started = [vote_end + timedelta(days=18, hours=10), ground.now - timedelta(days=2, hours=5)]
    for project, at in zip(projects, started, strict=False):
        budgets.start_project(project, admin, ground.categories[category[project.pk]], now=at)
    if projects:
        _finish(ground, projects[0], started[0])


def _finish(ground: Ground, project: Project, started: datetime) -> None:
    project.refresh_from_db()
    case = project.case
    assert case is not None
    officer = ground.officer(case.department)
    actor = Actor.staff(officer)
    lifecycle.transition(case, "assign", actor, assignee=officer,
                         now=started + timedelta(hours=20))
    lifecycle.transition(case, "start", actor, now=started + timedelta(days=3),
                         public_text="Work has started on site.")
    done = started + timedelta(days=12)
    lifecycle.transition(case, "resolve", actor, now=done,
                         public_text="The work is finished and was checked with residents.")
    project.status = ProjectStatus.DONE
    project.save(update_fields=["status"])
    audit.record(EventKind.PROJECT, done, process=project.budget.process, staff=officer,
                 project=project.pk, case=case.reference, status=ProjectStatus.DONE)
