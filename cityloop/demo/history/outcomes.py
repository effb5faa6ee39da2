"""What happens to each synthetic case, played out in time order.

A small discrete-event simulation: every report and every later step
(assign, start, resolve, rate, close, reject, forward, merge, follow-up,
overdue, escalation) is a ``Step`` on one heap ordered by time, so the whole
city's history is written in the order it happened. That keeps references
in order, lets a duplicate point at a case that really was open at the
time, and means each case's events carry increasing times.

Every change goes through ``submit`` and ``lifecycle.transition`` as it
would in production, so the audit chain of every case is genuine.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, sla
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import OPEN_STATUSES, RejectReason, Status
from cityloop.demo.history import timing
from cityloop.demo.history.intake import CaseSeed, Track, file_report
from cityloop.demo.history.photos import Album
from cityloop.demo.history.world import World

log = logging.getLogger(__name__)
MINUTE = timedelta(minutes=1)

# Shares of cases that end in each way, before anyone works on them.
P_REJECT = {"other": 0.12, "noise": 0.07, "air_pollution": 0.06, "stray_animal": 0.06}
P_REJECT_DEFAULT = 0.04
P_DUPLICATE, P_DUPLICATE_STORM = 0.06, 0.22
P_FOLLOWUP = 0.1
NEAR_DEGREES = 0.04  # about 4 km, in |dlat| + |dlon|
# Cases first sent to the wrong bureau, and where they are passed on to.
FORWARDS: dict[str, tuple[str, ...]] = {
    "other": ("roads", "sanitation", "safety", "environment", "transport", "parks"),
    "pothole": ("water",), "footpath": ("parks", "water"), "blocked_drain": ("roads",),
    "flooding": ("roads",), "street_cleaning": ("parks",),
    "illegal_dumping": ("environment", "safety"), "streetlight": ("transport",),
    "traffic_signal": ("lighting",), "illegal_parking": ("safety",), "noise": ("safety",),
    "air_pollution": ("sanitation",), "dangerous_structure": ("lighting", "roads"),
    "stray_animal": ("parks",),
}
P_FORWARD = {"other": 0.75}
P_FORWARD_DEFAULT = 0.05
P_RATE = 0.62
P_RERESOLVE = 0.95  # reopened cases that are resolved again
# How reporters feel about a department: a tilt of the star ratings.
BUREAU_MOOD = {"sanitation": 0.25, "lighting": 0.2, "water": 0.1, "animal": 0.1,
               "transport": -0.1, "safety": -0.15, "environment": -0.3}
DISTRICT_MOOD = {"gangkou": -0.35, "shanwan": -0.25, "laocheng": 0.1}
RATING_BASE = (0.03, 0.035, 0.10, 0.30, 0.535)  # 1..5 stars


@dataclass(order=True)
class Step:
    at: datetime
    order: int
    action: str = field(compare=False)
    track: Track | None = field(compare=False, default=None)
    phase: int | None = field(compare=False, default=None)
    seed: CaseSeed | None = field(compare=False, default=None)


class Simulation:
    def __init__(self, world: World, rng: random.Random, album: Album | None = None):
        self.world = world
        self.rng = rng
        self.album = album  # photos, if wanted: residents' and the finished work's
        self.heap: list[Step] = []
        self.order = itertools.count()
        self.clock = world.now - timedelta(days=366)
        self.open: dict[str, dict[int, Track]] = defaultdict(dict)
        self.stats: Counter[str] = Counter()
        self.handlers: dict[str, Callable[[Step], None]] = {
            "create": self.create, "assign": self.assign, "start": self.start,
            "resolve": self.resolve, "rate": self.rate, "close": self.close,
            "reject": self.reject, "forward": self.forward, "duplicate": self.duplicate,
            "add_info": self.add_info, "overdue": self.overdue, "escalate": self.escalate,
        }

    # --- the loop --------------------------------------------------------
    def add(self, seeds: list[CaseSeed]) -> None:
        for seed in seeds:
            heapq.heappush(self.heap, Step(seed.at, next(self.order), "create", seed=seed))

    def schedule(self, at: datetime, action: str, track: Track, bound: bool = True) -> None:
        # Never in the past of the simulation: each case's events stay in order.
        at = max(at, self.clock)
        step = Step(at, next(self.order), action, track, track.phase if bound else None)
        heapq.heappush(self.heap, step)

    def run(self, cases: int) -> int:
        """Play steps in time order until ``cases`` new cases are in, or now; how many came."""
        created = 0
        while self.heap and created < cases:
            step = heapq.heappop(self.heap)
            if step.at > self.world.now:
                self.heap.clear()  # the rest is the future: those cases stay as they are
                break
            self.clock = step.at
            if step.track is not None and step.phase not in (None, step.track.phase):
                continue
            try:
                self.handlers[step.action](step)
            except TransitionRefused as exc:
                self.stats[f"refused {step.action}"] += 1
                log.debug("%s refused: %s", step.action, exc.message)
            created += step.action == "create"
        return created

    @property
    def done(self) -> bool:
        return not self.heap

    # --- helpers ---------------------------------------------------------
    def _officer(self, track: Track) -> Actor:
        return Actor.staff(self.world.officer(track.case.department_id, self.rng))

    def _staff_time(self, track: Track, at: datetime) -> datetime:
        if track.category in timing.ROUND_THE_CLOCK:
            return at
        return timing.working_time(at, self.world.tz, self.rng)

    def _text(self, kind: str, track: Track) -> str:
        topic = "" if track.forwarded else track.category
        return self.world.texts.staff_update(kind, topic, track.language, self.rng)

    def _transition(self, track: Track, action: str, actor: Actor, **params: Any) -> None:
        lifecycle.transition(track.case, action, actor, now=self.clock, **params)
        self.stats[action] += 1
        bucket = self.open[track.category]
        if track.case.status in OPEN_STATUSES:
            bucket[track.case.pk] = track
        else:
            bucket.pop(track.case.pk, None)

    # --- reports ----------------------------------------------------------
    def create(self, step: Step) -> None:
        assert step.seed is not None
        seed = step.seed
        chance = P_DUPLICATE_STORM if seed.storm else P_DUPLICATE
        original = self._open_near(seed) if self.rng.random() < chance else None
        track = file_report(self.world, seed, original, self.rng)
        self.stats["create"] += 1
        if self.album is not None and self.album.before(track.case, track.category):
            self.stats["photo before"] += 1
        if original is not None:
            delay = timedelta(hours=self.rng.uniform(0.3, 6))
            self.schedule(self._staff_time(track, seed.at + delay), "duplicate", track)
        else:
            self.open[track.category][track.case.pk] = track
            self._triage(track)

    def _open_near(self, seed: CaseSeed) -> Track | None:
        """The nearest open case of the same category reported in the last 14 days, if any is near.

        The repeat is then filed right beside it: the seed's own place only
        says which part of the city the repeat comes from.
        """
        since = seed.at - timedelta(days=14)
        best, best_d = None, NEAR_DEGREES
        for track in self.open[seed.category].values():
            case = track.case
            if case.created_at < since or case.lat is None or case.lon is None:
                continue
            d = abs(case.lat - seed.place.lat) + abs(case.lon - seed.place.lon)
            if d < best_d:
                best, best_d = track, d
        return best

    def _triage(self, track: Track) -> None:
        rng, category = self.rng, track.category
        if rng.random() < P_REJECT.get(category, P_REJECT_DEFAULT):
            later = self.clock + timing.lognormal_hours(6, 0.9, rng)
            self.schedule(self._staff_time(track, later), "reject", track)
        elif category in FORWARDS and rng.random() < P_FORWARD.get(category, P_FORWARD_DEFAULT):
            later = self.clock + timing.lognormal_hours(3, 0.8, rng)
            self.schedule(self._staff_time(track, later), "forward", track)
        else:
            self._plan_work(track)

    def _plan_work(self, track: Track, resolve: bool = True) -> None:
        """Plan how the department handles the case, from now to its resolution."""
        case, rng, start = track.case, self.rng, self.clock
        hours = timing.handling_hours(self.world.bureau_of[case.department_id], track.district,
                                      self.world.categories[track.category].sla_hours, rng)
        end = self._staff_time(track, start + timedelta(hours=hours))
        if resolve:
            self.schedule(end, "resolve", track)
        else:
            # Stuck: nobody resolves it, so the SLA sweeps will catch it.
            end = max(end, case.escalate_at + MINUTE)
        if rng.random() < P_FOLLOWUP:
            # While waiting, some reporters ask for news or add details.
            self.schedule(start + (end - start) * rng.uniform(0.2, 0.9), "add_info", track,
                          bound=False)
        if case.overdue_at is None and end > case.due_at:
            self.schedule(case.due_at, "overdue", track)
            if end > case.escalate_at:
                self.schedule(case.escalate_at, "escalate", track)
        if rng.random() < 0.6:
            assign_at = self._before(track, start + (end - start) * rng.uniform(0.02, 0.3), end)
            self.schedule(assign_at, "assign", track)
            if rng.random() < 0.65:
                go = self._before(track, assign_at + (end - assign_at) * rng.uniform(0.1, 0.6),
                                  end)
                self.schedule(go, "start", track)
        elif rng.random() < 0.3:
            self.schedule(self._before(track, start + (end - start) * 0.2, end), "start", track)

    def _before(self, track: Track, at: datetime, end: datetime) -> datetime:
        return min(self._staff_time(track, at), end - MINUTE)

    # --- staff work ------------------------------------------------------
    def assign(self, step: Step) -> None:
        track = self._track(step)
        people = self.world.staff[track.case.department_id]
        text = self._text("assigned", track) if self.rng.random() < 0.5 else ""
        self._transition(track, "assign", self._officer(track), public_text=text,
                         assignee=self.rng.choice(people))

    def start(self, step: Step) -> None:
        track = self._track(step)
        text = self._text("in_progress", track) if self.rng.random() < 0.4 else ""
        self._transition(track, "start", self._officer(track), public_text=text)

    def resolve(self, step: Step) -> None:
        track = self._track(step)
        officer = self._officer(track)
        text = self._text("resolved", track)
        if self.album is None:
            self._transition(track, "resolve", officer, public_text=text)
        else:
            self._resolve_with_photos(track, officer, text)
        feedback = timedelta(days=settings.FEEDBACK_DAYS)
        if track.case.rating is None and self.rng.random() < P_RATE:
            wait = min(timing.lognormal_hours(16, 1.0, self.rng), feedback - timedelta(hours=1))
            self.schedule(self.clock + wait, "rate", track)
        else:
            # The worker's automatic closing sweep runs every few minutes.
            self.schedule(self.clock + feedback + self.rng.uniform(1, 10) * MINUTE, "close", track)

    def _resolve_with_photos(self, track: Track, officer: Actor, text: str) -> None:
        """Resolve as an officer in the console does: approving residents' photos
        first, then resolving with a photo of the finished work, if any."""
        assert self.album is not None
        public = self.world.categories[track.category].is_public
        for media in self.album.to_approve(track.case, public):
            self._transition(track, "approve_photo", officer, media=media)
        picture = self.album.after_picture(track.category)
        if picture is None:
            self._transition(track, "resolve", officer, public_text=text)
            return
        with transaction.atomic():  # a refused resolution keeps no photo
            after = self.album.add_after(track.case, picture, self.clock)
            self._transition(track, "resolve", officer, public_text=text, media_ids=[after.pk])
        self.stats["photo after"] += 1

    def reject(self, step: Step) -> None:
        track = self._track(step)
        invalid = self.rng.random() < 0.55
        reason = RejectReason.INVALID if invalid else RejectReason.NOT_OUR_RESPONSIBILITY
        text = self._text("rejected_invalid" if invalid else "rejected_not_ours", track)
        self._transition(track, "reject", self._officer(track), public_text=text,
                         reason=str(reason))

    def forward(self, step: Step) -> None:
        track = self._track(step)
        current = track.case.department_id
        choices = [self.world.office(b, track.district) for b in FORWARDS[track.category]]
        choices = [d for d in choices if d.pk != current]
        if not choices:
            self._plan_work(track)
            return
        target = self.rng.choice(choices)
        note = f"Not ours: passed on to {target.name}."
        self._transition(track, "forward", self._officer(track), note=note, department=target)
        track.phase += 1
        track.forwarded = True
        self._plan_work(track)

    def duplicate(self, step: Step) -> None:
        track = self._track(step)
        original = track.original
        if original is None or original.case.status not in OPEN_STATUSES:
            # The earlier case was dealt with meanwhile: this one is worked alone.
            self.open[track.category][track.case.pk] = track
            self._plan_work(track)
            return
        self._transition(track, "mark_duplicate", self._officer(track), original=original.case)

    def overdue(self, step: Step) -> None:
        track = self._track(step)
        self._transition(track, "mark_overdue", Actor.system(sla.SWEEPER),
                         note=_("Past its due time."))

    def escalate(self, step: Step) -> None:
        track = self._track(step)
        self._transition(track, "escalate", Actor.system(sla.SWEEPER),
                         note=_("Twice its due time has passed without a resolution."))

    # --- the reporter ----------------------------------------------------
    def add_info(self, step: Step) -> None:
        track = self._track(step)
        if track.case.status not in OPEN_STATUSES:
            return
        text = self.world.texts.followup(track.language, self.rng)
        if text:
            self._transition(track, "add_info", Actor.citizen(), public_text=text)

    def rate(self, step: Step) -> None:
        track = self._track(step)
        rating = self._rating(track)
        comment = ""
        if self.rng.random() < 0.55:
            comment = self.world.texts.rating_comment(rating, track.language, self.rng)
        self._transition(track, "rate", Actor.citizen(), rating=rating, comment=comment)
        if track.case.status == Status.REOPENED:
            self.stats["reopen"] += 1
            track.phase += 1
            self._plan_work(track, resolve=self.rng.random() < P_RERESOLVE)

    def _rating(self, track: Track) -> int:
        tilt = BUREAU_MOOD.get(self.world.bureau_of[track.case.department_id], 0.0)
        tilt += DISTRICT_MOOD.get(track.district, 0.0)
        if track.case.overdue_at is not None:
            tilt -= 0.35  # late work is rated worse wherever it is done
        weights = [w * pow(2.718, tilt * (stars - 3))
                   for stars, w in enumerate(RATING_BASE, start=1)]
        return self.rng.choices(range(1, 6), weights)[0]

    def close(self, step: Step) -> None:
        track = self._track(step)
        if track.case.status != Status.RESOLVED:
            return
        days = settings.FEEDBACK_DAYS
        text = _("Closed automatically: no rating within %(days)d days.") % {"days": days}
        self._transition(track, "close", Actor.system(sla.SWEEPER), public_text=text,
                         reason="no_rating")

    @staticmethod
    def _track(step: Step) -> Track:
        assert step.track is not None
        return step.track
