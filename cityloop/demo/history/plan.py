"""The year's reports decided in advance: what, when and where.

Three sources, as in a real city: hotspots (a night market, a flooding
underpass) draw their own mix of problems; storms in the rainy season bring
bursts of flooding, blocked drains and fallen trees within hours, clustered
where the land is low; and everything else is spread over the districts.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from cityloop.demo.history import timing
from cityloop.demo.history.intake import CaseSeed
from cityloop.demo.history.places import Hotspot
from cityloop.demo.history.world import World


@dataclass(frozen=True)
class Size:
    cases: int
    storms: tuple[int, int]  # how many storm days, at least and at most
    storm_reports: tuple[int, int]  # reports per storm
    fresh: int  # everyday reports of the last day, still being worked


SIZES = {
    "small": Size(1_500, (6, 6), (30, 45), 8),
    "full": Size(20_000, (6, 10), (30, 120), 60),
}
# A sample of a whole year can leave the last day or two without a report
# (it did, for the default seed, on some evenings): the queue a visitor
# opens would then hold nothing new. The last day's reports are drawn apart.
FRESH_HOURS = 24
HOTSPOT_SHARE = 0.3
# Everyday reports, relative: what a Chinese 12345 hotline or a 311 service
# hears most (parking, noise, waste) down to the rare (water pollution).
BACKGROUND_MIX = {
    "illegal_parking": 12, "noise": 10, "missed_collection": 8, "pothole": 8, "streetlight": 7,
    "street_cleaning": 7, "illegal_dumping": 6, "footpath": 5, "road_obstruction": 4,
    "blocked_drain": 4, "water_leak": 3, "traffic_signal": 3, "abandoned_vehicle": 3,
    "park_maintenance": 3, "air_pollution": 3, "graffiti": 3, "stray_animal": 3, "other": 3,
    "flooding": 2, "sewage": 2, "fallen_tree": 2, "dangerous_structure": 2,
    "water_pollution": 1,
}
STORM_MIX = {"flooding": 0.5, "blocked_drain": 0.3, "fallen_tree": 0.2}
# Where storm water gathers when it is not at a known low spot.
RIVERSIDE = {"binjiang": 2.2, "laocheng": 1.6, "gangkou": 1.4, "dongmen": 0.8,
             "beian": 0.6, "daxuecheng": 0.5, "shanwan": 0.4}


def plan(world: World, size: Size, seed: int) -> list[CaseSeed]:
    """Every report of the year, in time order."""
    rng = random.Random(seed)
    cal = timing.Calendar.year_before(world.now, world.tz)
    seeds = storm_reports(world, cal, size, rng)
    rest = max(0, size.cases - len(seeds))
    sources = _sources(world, rest, rng)
    fresh = set(range(max(0, rest - size.fresh), rest))
    by_category: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for i, (category, _) in enumerate(sources):
        by_category[category, i in fresh].append(i)
    when: dict[int, datetime] = {}
    times = np.random.default_rng(seed)
    for category, last_day in sorted(by_category):
        indexes = by_category[category, last_day]
        sampled = cal.sample(category, len(indexes), times,
                             last_hours=FRESH_HOURS if last_day else None)
        for i, at in zip(indexes, sampled, strict=True):
            when[i] = at
    for i, (category, hotspot) in enumerate(sources):
        place = world.places.around(hotspot) if hotspot else world.places.anywhere()
        seeds.append(CaseSeed(when[i], category, place))
    seeds.sort(key=lambda s: s.at)
    return seeds


def _sources(world: World, count: int, rng: random.Random) -> list[tuple[str, Hotspot | None]]:
    """The category of each everyday report, and its hotspot if it has one."""
    mix = {code: w for code, w in BACKGROUND_MIX.items() if code in world.categories}
    codes, weights = list(mix), list(mix.values())
    hotspots = world.hotspots
    out: list[tuple[str, Hotspot | None]] = []
    for _ in range(count):
        if hotspots and rng.random() < HOTSPOT_SHARE:
            spot = rng.choices(hotspots, [h.weight for h in hotspots])[0]
            options = [c for c in spot.categories if c in world.categories]
            out.append((rng.choices(options, [mix.get(c, 1) for c in options])[0], spot))
        else:
            out.append((rng.choices(codes, weights)[0], None))
    return out


def storm_reports(world: World, cal: timing.Calendar, size: Size,
                  rng: random.Random) -> list[CaseSeed]:
    mix = {code: w for code, w in STORM_MIX.items() if code in world.categories}
    if not mix:
        return []
    count = rng.randint(*size.storms)
    seeds = []
    for storm in timing.storms(cal, count, size.storm_reports, rng):
        for at in timing.storm_times(storm, rng, world.now):
            category = rng.choices(list(mix), list(mix.values()))[0]
            spot = _storm_spot(world, category, rng)
            place = (world.places.around(spot, spread=0.7) if spot
                     else world.places.anywhere(RIVERSIDE))
            seeds.append(CaseSeed(at, category, place, storm=True))
    return seeds


def _storm_spot(world: World, category: str, rng: random.Random) -> Hotspot | None:
    """Most storm reports come from the hotspots known for that very problem."""
    if category == "fallen_tree":
        spots = [h for h in world.hotspots if "fallen_tree" in h.categories]
        share = 0.4
    else:
        spots = [h for h in world.hotspots if h.low_lying]
        share = 0.65
    if not spots or rng.random() >= share:
        return None
    return rng.choices(spots, [h.weight for h in spots])[0]
