"""Residents' comments under proposals, and the moderation of two of them.

Comments are few, so each goes through ``comments.write`` as a resident's
would; one heated comment is reported and left standing (it waits in the
moderation queue), one advert is reported by three residents and hidden by
staff with a reason.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cityloop.demo.participation.ground import ZH, Ground, load
from cityloop.demo.participation.ideas import Planned
from cityloop.participation import comments
from cityloop.participation.models import Comment, Process, Resident

COMMENTS = 70
SAME_LANGUAGE = 0.85


def build(ground: Ground, process: Process, plans: list[Planned],
          rng: random.Random) -> dict[str, int]:
    texts = load("answers.yaml")
    lively = [p for p in plans if len(p.supports) >= 5]
    weights = [len(p.supports) ** 0.7 for p in lively]
    written = 0
    for _ in range(COMMENTS):
        plan = rng.choices(lively, weights)[0]
        at, resident = rng.choice(plan.supports)
        language = plan.proposal.language if rng.random() < SAME_LANGUAGE else resident.language
        comments.write(plan.proposal, resident, rng.choice(texts["comments"][language]),
                       now=min(at + timedelta(minutes=rng.uniform(1, 90)), ground.now))
        written += 1
    top = sorted(lively, key=lambda p: -len(p.supports))
    heated = _heated(ground, top[1], texts["heated"], rng)
    hidden = _spam(ground, process, top[3], texts["spam"], rng)
    return {"comments": written + 2, "reported": 2 if heated and hidden else 0,
            "hidden": 1 if hidden else 0}


def _heated(ground: Ground, plan: Planned, text: dict[str, str],
            rng: random.Random) -> Comment:
    (at, writer), (_at, reporter) = rng.sample(_settled(ground, plan), 2)
    language = plan.proposal.language
    comment = comments.write(plan.proposal, writer, text[language],
                             now=at + timedelta(hours=1))
    reason = "人身攻击" if language == ZH else "Rude"
    return comments.report(comment, reporter, reason, now=at + timedelta(hours=5))


def _spam(ground: Ground, process: Process, plan: Planned, spam: dict[str, object],
          rng: random.Random) -> Comment:
    people = rng.sample(_settled(ground, plan), 4)
    at, writer = people[0]
    comment = comments.write(plan.proposal, writer, str(spam["text"]),
                             now=at + timedelta(minutes=30))
    reasons = list(spam["reports"])  # type: ignore[call-overload]
    for n, (_at, reporter) in enumerate(people[1:]):
        comments.report(comment, reporter, str(reasons[n % len(reasons)]),
                        now=at + timedelta(hours=2 + n))
    moderator = ground.officer(process.department)
    return comments.hide(comment, moderator, str(spam["reason"]), now=at + timedelta(hours=9))


def _settled(ground: Ground, plan: Planned) -> list[tuple[datetime, Resident]]:
    """Supporters of a day ago or more: what they write and report then is in the past."""
    return [s for s in plan.supports if s[0] < ground.now - timedelta(days=1)]
