"""Staff answer the proposals over the threshold, with the domain's own steps.

``proposals.answer`` writes the answer and, for an accepted proposal, opens
the case on the "proposal" channel, routed like any other; a few accepted
proposals are then finished in the console (assign, start, resolve) and
marked implemented. Answers are written in the proposal's language by an
officer of the department that would do the work.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.catalogue.models import Department
from cityloop.demo.participation.ground import ZH, Ground, load
from cityloop.demo.participation.ideas import Planned
from cityloop.participation import proposals
from cityloop.participation.models import AnswerTemplate, Feasibility, ProposalStatus


def templates() -> int:
    """The answer templates staff start from (updated in place when run again)."""
    rows = load("answers.yaml")["templates"]
    for row in rows:
        AnswerTemplate.objects.update_or_create(title=row["title"], defaults={
            "status": row["status"], "text": row["en"], "text_i18n": {ZH: row[ZH]}})
    return len(rows)


def answer_all(ground: Ground, plans: list[Planned], rng: random.Random) -> dict[str, int]:
    texts = load("answers.yaml")
    answered = sorted((p for p in plans if p.outcome), key=lambda p: p.answer_at or ground.now)
    counts: dict[str, int] = {}
    for plan in answered:
        assert plan.answer_at is not None
        proposal = plan.proposal
        office = _office(ground, plan)
        officer = ground.officer(office)
        language = proposal.language
        name = str(office.name_i18n.get(ZH) or office.name) if language == ZH else office.name
        text = _text(texts, plan, language, rng).format(department=name)
        proposals.answer(proposal, officer, proposals.Decision(
            status=plan.outcome, text=text, feasibility=_feasibility(plan.outcome, rng),
            cost=_cost(plan.outcome, rng)), now=plan.answer_at)
        counts[plan.outcome] = counts.get(plan.outcome, 0) + 1
        if plan.implemented:
            _implement(ground, plan, texts["implemented"][language])
            counts["implemented"] = counts.get("implemented", 0) + 1
    return counts


def _text(texts: dict[str, Any], plan: Planned, language: str, rng: random.Random) -> str:
    """The answer: for a refusal, a reason that fits the proposal's place or idea."""
    if plan.outcome != ProposalStatus.REJECTED:
        return str(rng.choice(texts[plan.outcome][language]))
    fits = {str(plan.topic["at"]), str(plan.topic["code"]), "any"}
    reasons = [r for r in texts["rejected"] if fits & set(r["for"])]
    return str(rng.choice(reasons)[language])


def _office(ground: Ground, plan: Planned) -> Department:
    """The district office of the category's bureau where the proposal is, else the bureau,
    else the process's own department."""
    category = plan.proposal.category
    process_dept = plan.proposal.process.department
    bureau = category.department if category is not None else None
    district = ground.district_of.get(plan.proposal.area_id or 0)
    if bureau is not None and district is not None:
        code = next((c for c, a in ground.districts.items() if a.pk == district), "")
        office = Department.objects.filter(code=f"{bureau.code}_{code}").first()
        if office is not None:
            return office
    found = bureau or process_dept
    assert found is not None
    return found


def _feasibility(outcome: str, rng: random.Random) -> str:
    if outcome == ProposalStatus.ACCEPTED:
        return Feasibility.FEASIBLE
    if outcome == ProposalStatus.REJECTED:
        return rng.choice((Feasibility.NOT_FEASIBLE, Feasibility.CONDITIONS))
    return ""


def _cost(outcome: str, rng: random.Random) -> Decimal | None:
    if outcome == ProposalStatus.EVALUATING:
        return None
    return Decimal(rng.randrange(20, 900) * 1000)


def _implement(ground: Ground, plan: Planned, text: str) -> None:
    proposal = plan.proposal
    proposal.refresh_from_db()
    case = proposal.case
    assert case is not None and plan.answer_at is not None
    officer = ground.officer(case.department)
    actor = Actor.staff(officer)
    start = plan.answer_at + timedelta(days=2, hours=3)
    lifecycle.transition(case, "assign", actor, assignee=officer, now=start)
    lifecycle.transition(case, "start", actor, now=start + timedelta(days=2),
                         public_text="Work has started.")
    done = start + timedelta(days=9)
    lifecycle.transition(case, "resolve", actor, now=done,
                         public_text="The work is finished.")
    proposals.implemented(proposal, officer, text, now=done + timedelta(days=1))


def template_titles() -> list[str]:
    return [str(row["title"]) for row in load("answers.yaml")["templates"]]
