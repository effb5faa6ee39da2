"""When things happen in the synthetic history.

Reports follow the rhythms seen in real 311 data: fewer at night, noise in
the evening, missed collections in the morning, fewer on Sundays for the
services that rest then, flooding in the rainy season and dark streets in
winter evenings, and a slow growth as more people learn about the service.
All of it is computed in the city's own time zone (settings.TIME_ZONE).
How long departments take follows a log-normal law, the usual shape of
service times: most cases quick, a long tail of slow ones.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

import numpy as np

HOURS_PER_YEAR = 365 * 24
RAINY_MONTHS = (5, 6, 7, 8, 9)

# Relative report rate by local hour, 0..23.
# fmt: off
HOUR_PROFILES: dict[str, list[float]] = {
    "day":     [.15, .08, .05, .05, .07, .15, .4, .8, 1.2, 1.3, 1.3, 1.2,
                1.1, 1.1, 1.2, 1.2, 1.1, 1.0, .9, .8, .7, .55, .4, .25],
    "evening": [.9, .7, .45, .25, .1, .05, .1, .2, .3, .35, .4, .4,
                .45, .4, .4, .45, .5, .6, .8, 1.1, 1.5, 1.9, 2.0, 1.5],
    "morning": [.05, .03, .02, .02, .05, .2, .9, 2.0, 2.4, 2.0, 1.5, 1.1,
                .9, .8, .7, .6, .55, .5, .5, .45, .4, .3, .2, .1],
    "dusk":    [.5, .3, .15, .1, .1, .15, .3, .35, .3, .3, .3, .3,
                .3, .3, .3, .35, .5, 1.2, 2.0, 2.4, 2.3, 1.9, 1.4, .9],
    "commute": [.1, .05, .03, .03, .05, .2, .7, 1.8, 2.0, 1.3, 1.0, 1.0,
                1.1, 1.0, 1.0, 1.1, 1.4, 1.9, 2.0, 1.4, .9, .6, .4, .2],
    "always":  [.6, .5, .4, .4, .4, .5, .7, .9, 1.0, 1.0, 1.0, 1.0,
                1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, .9, .8, .7, .7],
}
# Relative rate by weekday, Monday first.
WEEKDAY_PROFILES: dict[str, list[float]] = {
    "default":   [1.12, 1.05, 1.0, 1.0, 1.0, .88, .75],
    "nightlife": [.8, .8, .85, .9, 1.25, 1.5, 1.1],
    "rest_sun":  [1.35, 1.1, 1.0, 1.0, 1.0, .85, .35],  # no rounds on Sunday
    "workdays":  [1.15, 1.1, 1.1, 1.1, 1.1, .75, .6],
    "flat":      [1.0] * 7,
}
# Relative rate by month, January first.
SEASONS: dict[str, list[float]] = {
    "flooding":      [.2, .2, .4, .7, 1.9, 2.8, 3.0, 2.5, 1.6, .6, .3, .2],
    "blocked_drain": [.5, .5, .6, .8, 1.7, 2.2, 2.4, 2.1, 1.5, .8, .6, .5],
    "fallen_tree":   [.6, .6, .7, .9, 1.3, 1.6, 1.8, 1.6, 1.2, .8, .7, .6],
    "streetlight":   [1.5, 1.3, 1.0, .8, .7, .65, .65, .7, .8, 1.0, 1.35, 1.55],
    "noise":         [.8, .75, .9, 1.0, 1.1, 1.25, 1.35, 1.3, 1.1, 1.0, .85, .8],
    "air_pollution": [1.5, 1.4, 1.1, .9, .8, .7, .7, .7, .8, 1.0, 1.3, 1.5],
    "park_maintenance": [.6, .6, .9, 1.2, 1.3, 1.2, 1.2, 1.2, 1.1, 1.0, .8, .6],
    "stray_animal":  [.8, .8, .9, 1.0, 1.1, 1.2, 1.2, 1.2, 1.1, 1.0, .9, .8],
}
# fmt: on
CATEGORY_HOURS = {
    "noise": "evening", "missed_collection": "morning", "street_cleaning": "morning",
    "streetlight": "dusk", "illegal_parking": "commute", "traffic_signal": "commute",
    "flooding": "always", "water_leak": "always", "sewage": "always",
}
CATEGORY_WEEKDAYS = {
    "noise": "nightlife", "missed_collection": "rest_sun", "street_cleaning": "rest_sun",
    "illegal_parking": "workdays", "road_obstruction": "workdays",
    "flooding": "flat", "fallen_tree": "flat", "water_leak": "flat",
}
WINTER_MONTHS = (11, 12, 1, 2)
WINTER_EVENING = range(17, 24)
# Cases these categories describe are dealt with round the clock; the rest
# are worked in office and shift hours.
ROUND_THE_CLOCK = {"flooding", "traffic_signal", "fallen_tree", "water_leak", "sewage",
                   "dangerous_structure", "illegal_parking", "noise"}


@dataclass
class Calendar:
    """The hours of the year up to now, with their local hour, weekday and month."""

    tz: tzinfo
    start: datetime  # UTC, on the hour
    hour: np.ndarray
    weekday: np.ndarray
    month: np.ndarray
    local_dates: list[date]

    @classmethod
    def year_before(cls, now: datetime, tz: tzinfo) -> Calendar:
        end = now.replace(minute=0, second=0, microsecond=0)
        start = end - timedelta(hours=HOURS_PER_YEAR)
        locals_ = [(start + timedelta(hours=h)).astimezone(tz) for h in range(HOURS_PER_YEAR)]
        return cls(
            tz=tz,
            start=start,
            hour=np.array([t.hour for t in locals_]),
            weekday=np.array([t.weekday() for t in locals_]),
            month=np.array([t.month for t in locals_]),
            local_dates=sorted({t.date() for t in locals_}),
        )

    def at(self, hour_index: int, seconds: float) -> datetime:
        return self.start + timedelta(hours=hour_index, seconds=seconds)

    def rates(self, category: str) -> np.ndarray:
        """Relative report rate of ``category`` for every hour of the year."""
        hours = np.array(HOUR_PROFILES[CATEGORY_HOURS.get(category, "day")])[self.hour]
        days = np.array(WEEKDAY_PROFILES[CATEGORY_WEEKDAYS.get(category, "default")])
        months = np.array(SEASONS.get(category, [1.0] * 12))[self.month - 1]
        # More people use the service as the year goes on (0.8 -> 1.2).
        growth = np.linspace(0.8, 1.2, self.hour.size)
        rate = hours * days[self.weekday] * months * growth
        if category == "streetlight":
            # Winter evenings are long: a dead lamp is noticed at once.
            dark = np.isin(self.month, WINTER_MONTHS) & np.isin(self.hour, WINTER_EVENING)
            rate = np.where(dark, rate * 1.8, rate)
        return rate

    def sample(self, category: str, count: int, rng: np.random.Generator,
               last_hours: int | None = None) -> list[datetime]:
        """``count`` report times by the category's rate, within the last hours if given."""
        if count <= 0:
            return []
        rate = self.rates(category)
        if last_hours is not None:
            recent = np.where(np.arange(rate.size) >= rate.size - last_hours, rate, 0.0)
            rate = recent if recent.sum() > 0 else rate
        hours = rng.choice(rate.size, size=count, p=rate / rate.sum())
        seconds = rng.uniform(0, 3600, size=count)
        return [self.at(int(h), float(s)) for h, s in zip(hours, seconds, strict=True)]


@dataclass(frozen=True)
class Storm:
    start: datetime
    size: int


def storms(cal: Calendar, count: int, sizes: tuple[int, int], rng: random.Random) -> list[Storm]:
    """``count`` storm days of the rainy season, each starting in the afternoon or evening."""
    # Not in the last two days: their reports would all still be fresh.
    days = [d for d in cal.local_dates[1:-2] if d.month in RAINY_MONTHS]
    chosen = sorted(rng.sample(days, min(count, len(days))))
    out = []
    for day in chosen:
        local = datetime.combine(day, time(rng.randint(13, 21), rng.randint(0, 59)), cal.tz)
        out.append(Storm(local.astimezone(cal.start.tzinfo), rng.randint(*sizes)))
    return out


def storm_times(storm: Storm, rng: random.Random, now: datetime) -> list[datetime]:
    """When each report of a storm comes in: most in the first hours, a few later."""
    times = []
    for _ in range(storm.size):
        hours = min(rng.expovariate(1 / 1.6), 6.0)
        times.append(min(storm.start + timedelta(hours=hours), now - timedelta(minutes=5)))
    return times


# Median time to resolve, as a share of the category's SLA, per bureau.
BUREAU_PACE = {
    "roads": 0.5, "lighting": 0.4, "transport": 0.45, "sanitation": 0.3, "water": 0.4,
    "parks": 0.55, "environment": 0.65, "safety": 0.5, "animal": 0.45, "service_centre": 0.55,
}
# Some district offices are slower (stretched port district, hilly Shanwan).
DISTRICT_PACE = {"gangkou": 1.55, "shanwan": 1.35, "laocheng": 0.85, "daxuecheng": 0.9}
PACE_SIGMA = 0.7


def handling_hours(bureau: str, district: str, sla_hours: int, rng: random.Random) -> float:
    """How long a department takes to resolve a case, log-normally distributed."""
    median = sla_hours * BUREAU_PACE.get(bureau, 0.6) * DISTRICT_PACE.get(district, 1.0)
    return max(0.25, median * math.exp(rng.gauss(0.0, PACE_SIGMA)))


def working_time(moment: datetime, tz: tzinfo, rng: random.Random) -> datetime:
    """``moment`` moved to the next working hour (08:00-20:00 local) if outside one."""
    local = moment.astimezone(tz)
    if 8 <= local.hour < 20:
        return moment
    day = local.date() + timedelta(days=1) if local.hour >= 20 else local.date()
    start = datetime.combine(day, time(8), tz) + timedelta(minutes=rng.uniform(0, 120))
    return start.astimezone(moment.tzinfo)


def lognormal_hours(median: float, sigma: float, rng: random.Random) -> timedelta:
    return timedelta(hours=median * math.exp(rng.gauss(0.0, sigma)))
