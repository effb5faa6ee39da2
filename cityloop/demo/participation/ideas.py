"""The city's call for ideas: residents' proposals in both languages, and their supports.

Proposals are planned whole before anything is written: who wrote what, where,
when, who supported it and when, and what staff will answer. Supports follow a
long tail (a few proposals draw hundreds, most a handful). A proposal's
counter, its threshold time and its answer deadline are set from its support
rows exactly as ``proposals.support`` would have set them one by one, and the
supports of a proposal accepted or turned down stop at its answer.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cityloop.catalogue.models import Department
from cityloop.demo.participation.ground import ZH, Ground, Spot, load
from cityloop.demo.participation.people import Roll
from cityloop.geo.index import area_at
from cityloop.participation.models import (
    Event,
    EventKind,
    Phase,
    PhaseKind,
    Process,
    ProcessKind,
    Proposal,
    ProposalStatus,
    Resident,
    Support,
)

SLUG = "jiangcheng-ideas"
COUNT = 120
CHINESE = 0.6
THRESHOLD = 40
ANSWER_DAYS = 30
# Answers to the proposals over the threshold, oldest first, in turn: for work staff
# can file as a case, and for the rest (a bus line, a rule, opening hours).
FILED = (ProposalStatus.ACCEPTED, ProposalStatus.ACCEPTED, ProposalStatus.REJECTED,
         ProposalStatus.EVALUATING)
OTHER = (ProposalStatus.EVALUATING, ProposalStatus.REJECTED)
IMPLEMENTED = 3  # the oldest accepted ones, finished since
IMPLEMENTING = timedelta(days=15)  # from the answer to the work checked done (answers.py)
CEILING = 700
SAME_DISTRICT = 3.0  # neighbours support a proposal more than the rest of the city


@dataclass
class Planned:
    proposal: Proposal
    topic: dict[str, Any]
    supports: list[tuple[datetime, Resident]] = field(default_factory=list)
    outcome: str = ""
    answer_at: datetime | None = None
    implemented: bool = False


def build(ground: Ground, roll: Roll, rng: random.Random) -> tuple[Process, list[Planned]]:
    now = ground.now
    opened = now - timedelta(days=60)
    support_end = now + timedelta(days=14)
    process = Process.objects.create(
        slug=SLUG, kind=ProcessKind.PROPOSALS, published=True,
        department=Department.objects.filter(code="service_centre").first(),
        support_threshold=THRESHOLD, answer_days=ANSWER_DAYS,
        title=f"Ideas for Jiangcheng {opened.year}", title_i18n={ZH: f"{opened.year}江城金点子"},
        summary=f"Tell the city what would make your street better. Every proposal with "
                f"{THRESHOLD} supports gets a public answer within {ANSWER_DAYS} days.",
        summary_i18n={ZH: f"告诉我们怎样让您的街区更好。获得{THRESHOLD}人支持的建议，"
                          f"相关部门将在{ANSWER_DAYS}天内公开答复。"})
    for kind, start, end in (
            (PhaseKind.INFORMATION, opened - timedelta(days=15), opened),
            (PhaseKind.PROPOSALS, opened, now - timedelta(days=21)),
            (PhaseKind.SUPPORT, now - timedelta(days=21), support_end),
            (PhaseKind.EVALUATION, support_end, support_end + timedelta(days=30)),
            (PhaseKind.RESULTS, support_end + timedelta(days=30),
             support_end + timedelta(days=60))):
        Phase.objects.create(process=process, kind=kind, starts_at=start, ends_at=end)
    plans = _proposals(ground, roll, process, opened, now - timedelta(days=21), rng)
    for plan in plans:
        _supports(plan, roll, ground, rng)
    _outcomes(ground, plans, rng)
    _write(process, plans, roll)
    return process, plans


def _proposals(ground: Ground, roll: Roll, process: Process, start: datetime, end: datetime,
               rng: random.Random) -> list[Planned]:
    topics: list[dict[str, Any]] = load("proposals.yaml")
    voices: dict[str, dict[str, list[str]]] = load("voices.yaml")
    by_language: dict[str, list[Resident]] = {}
    for resident in roll.residents:
        by_language.setdefault(resident.language, []).append(resident)
    plans: list[Planned] = []
    titles: set[str] = set()
    order: list[dict[str, Any]] = []
    while len(plans) < COUNT:
        if not order:
            order = rng.sample(topics, len(topics))
        topic = order.pop()
        language = ZH if rng.random() < CHINESE else "en"
        spot = _spot(ground, topic["at"], rng)
        name = spot.name(language) if spot else ""
        title, body = (text.format(place=name) for text in topic[language])
        body = _voice(body, language, voices, rng)
        if title in titles:
            continue  # the same idea for the same place: someone else's is enough
        titles.add(title)
        lat, lon = _point(ground, spot, rng)
        hit = area_at(lat, lon) if lat is not None and lon is not None else None
        at = start + (end - start) * rng.random()
        author = rng.choice(by_language[language])
        roll.acted(author.pk, at)
        plans.append(Planned(Proposal(
            process=process, title=title, body=body, language=language, author=author,
            category=ground.categories.get(topic["category"]), lat=lat, lon=lon,
            area_id=hit.id if hit else None, created_at=at), topic))
    return plans


def _voice(body: str, language: str, voices: dict[str, dict[str, list[str]]],
           rng: random.Random) -> str:
    """The idea in the resident's own words: with an opening or a closing line, or not."""
    opener = rng.choice(voices["openers"][language]) if rng.random() < 0.4 else ""
    closer = rng.choice(voices["closers"][language]) if rng.random() < 0.4 else ""
    return ("" if language == ZH else " ").join(part for part in (opener, body, closer) if part)


def _spot(ground: Ground, at: str, rng: random.Random) -> Spot | None:
    if at == "none":
        return None
    if at == "road":
        return rng.choice(ground.roads)
    if at == "street":
        return ground.street_spot(rng.choice(sorted(ground.streets)))
    return rng.choice(ground.landmarks[at])


def _point(ground: Ground, spot: Spot | None,
           rng: random.Random) -> tuple[float | None, float | None]:
    if spot is None:
        return None, None
    if spot.kind == "road" and spot.line:
        return ground.on_road(spot, rng)
    return spot.lat, spot.lon


def _supports(plan: Planned, roll: Roll, ground: Ground, rng: random.Random) -> None:
    """How many support it (a long tail), who (neighbours more), and when (mostly soon)."""
    proposal = plan.proposal
    strength = float(plan.topic["appeal"]) * rng.uniform(0.4, 1.6)
    drawn = 2 + 8 * strength * rng.paretovariate(1.15)
    # A soft ceiling: nobody gets the support of the whole city.
    wanted = int(CEILING * (1 - math.exp(-drawn / CEILING)))
    district = ground.district_of.get(proposal.area_id or 0)

    def key(resident: Resident) -> float:
        near = district is not None and ground.district_of.get(resident.area_id or 0) == district
        return rng.random() ** (1 / (SAME_DISTRICT if near else 1.0))

    people = [r for r in roll.residents if r.pk != proposal.author_id]
    chosen = sorted(people, key=key, reverse=True)[:wanted]
    start, end = proposal.created_at, ground.now - timedelta(minutes=10)
    mean = timedelta(days=rng.uniform(2, 8)).total_seconds()
    times = []
    for _ in chosen:
        at = start + timedelta(seconds=rng.expovariate(1 / mean))
        times.append(at if at < end else start + (end - start) * rng.random())
    plan.supports = sorted(zip(sorted(times), chosen, strict=True), key=lambda s: s[0])


def _outcomes(ground: Ground, plans: list[Planned], rng: random.Random) -> None:
    """Staff answer every proposal over the threshold; decided here, written by answers.py."""
    over = sorted((p for p in plans if len(p.supports) >= THRESHOLD),
                  key=lambda p: p.supports[THRESHOLD - 1][0])
    accepted, turns, late = 0, {FILED: 0, OTHER: 0}, False
    for plan in over:
        reached = plan.supports[THRESHOLD - 1][0]
        room = (ground.now - reached) / timedelta(days=1)
        filed = (plan.topic.get("work", True) and plan.proposal.lat is not None
                 and ground.can_open_case(plan.topic["category"]))
        cycle = FILED if filed else OTHER
        outcome = cycle[turns[cycle] % len(cycle)]
        turns[cycle] += 1
        if outcome == ProposalStatus.EVALUATING and room > ANSWER_DAYS - 2:
            if late:  # one is late already: the cockpit's list has something to show
                outcome = ProposalStatus.ACCEPTED if filed else ProposalStatus.REJECTED
            late = True
        if room < 3:  # just over: being looked at
            outcome = ProposalStatus.EVALUATING
        days = rng.uniform(2, min(24, room - 0.5)) if room > 3 else room / 2
        plan.outcome, plan.answer_at = outcome, reached + timedelta(days=days)
        if outcome != ProposalStatus.EVALUATING:
            # An answered proposal takes no more supports.
            plan.supports = [s for s in plan.supports if s[0] < plan.answer_at]
        finished = plan.answer_at + IMPLEMENTING
        if outcome == ProposalStatus.ACCEPTED and accepted < IMPLEMENTED \
                and finished < ground.now:
            plan.implemented = True
            accepted += 1


def _write(process: Process, plans: list[Planned], roll: Roll) -> None:
    for plan in plans:
        proposal = plan.proposal
        proposal.supports = len(plan.supports)
        if proposal.supports >= THRESHOLD:
            proposal.threshold_reached_at = plan.supports[THRESHOLD - 1][0]
            proposal.answer_due_at = proposal.threshold_reached_at + timedelta(days=ANSWER_DAYS)
    Proposal.objects.bulk_create([p.proposal for p in plans], batch_size=500)
    supports, events = [], []
    for plan in plans:
        proposal = plan.proposal
        events.append(Event(at=proposal.created_at, kind=EventKind.PROPOSED, process=process,
                            proposal=proposal))
        for at, resident in plan.supports:
            supports.append(Support(proposal=proposal, resident=resident, created_at=at))
            events.append(Event(at=at, kind=EventKind.SUPPORTED, process=process,
                                proposal=proposal))
            roll.acted(resident.pk, at)
        if proposal.threshold_reached_at is not None:
            events.append(Event(at=proposal.threshold_reached_at, kind=EventKind.THRESHOLD,
                                process=process, proposal=proposal,
                                data={"supports": THRESHOLD}))
    Support.objects.bulk_create(supports, batch_size=2000)
    Event.objects.bulk_create(events, batch_size=2000)
