"""A year of synthetic history for the demo city, through the real domain.

The reports are planned first (``plan``), then played in time order
(``outcomes.Simulation``): every case is opened with ``submit`` and changed
with ``lifecycle.transition`` at its own moment, inside
``outbox.suppressed()`` so that a year of history queues no mail. The work
is committed a few hundred cases at a time: one transaction per case would
spend most of the time syncing the disk, one for everything would hold the
write lock for minutes.
"""

from __future__ import annotations

import random
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction

from cityloop.cases.models import Case, CaseEvent
from cityloop.demo.history.outcomes import Simulation
from cityloop.demo.history.photos import Album
from cityloop.demo.history.plan import SIZES, plan
from cityloop.demo.history.world import World
from cityloop.notify import outbox

BATCH_CASES = 300
DEFAULT_SEED = 2955


@dataclass
class HistoryReport:
    cases: int
    events: int
    seconds: float
    stats: dict[str, int] = field(default_factory=dict)


def has_history() -> bool:
    return Case.objects.exists()


def generate(size: str, *, seed: int = DEFAULT_SEED, now: datetime,
             progress: Callable[[str], None] = lambda _: None) -> HistoryReport:
    """Write a year of history up to ``now``; ``size`` is "small" or "full"."""
    started = time.monotonic()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    world = World.load(now, tz, random.Random(seed))
    seeds = plan(world, SIZES[size], seed)
    storms = sum(s.storm for s in seeds)
    progress(f"Planned {len(seeds):,} reports ({storms:,} in storms) "
             f"in {time.monotonic() - started:.1f} s; filing them…")
    # Photos draw from a stream of their own: the rest of the history is the
    # same for a seed with or without them.
    simulation = Simulation(world, random.Random(seed + 1), Album(random.Random(seed + 2)))
    simulation.add(seeds)
    created, step = 0, max(len(seeds) // 10, 1)
    next_report = step
    with outbox.suppressed():
        while not simulation.done:
            with transaction.atomic():
                created += simulation.run(BATCH_CASES)
            if created >= next_report:
                progress(f"  {created:,} of {len(seeds):,} cases "
                         f"({time.monotonic() - started:.0f} s)")
                next_report = (created // step + 1) * step
    stats = simulation.stats
    progress(f"  photos: {stats['photo before']:,} sent with reports "
             f"({stats['approve_photo']:,} approved for the public), "
             f"{stats['photo after']:,} of finished work")
    return HistoryReport(
        cases=Case.objects.count(),
        events=CaseEvent.objects.count(),
        seconds=time.monotonic() - started,
        stats=dict(sorted(simulation.stats.items())),
    )
