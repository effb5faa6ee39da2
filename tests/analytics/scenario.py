"""A hand-made month of cases whose figures are worked out by hand below.

All times UTC (the test settings' TIME_ZONE). NOW = 2026-03-15 12:00.
Potholes (roads, SLA 72 h) and noise (environment, SLA 12 h, a *sensitive*
category: not public):

    R1 pothole west_n  created 03-01 00:00, resolved 03-02 00:00 (24 h, on time), rated 5 → closed
    R2 pothole east_s  created 03-02 00:00, resolved 03-06 00:00 (late), rated 1 at 03-06 12:00
                       → reopened (new due 03-09 12:00), resolved again 03-07 12:00 (132 h
                       after creation, on time on the new clock), not rated again
    R3 pothole east_s  created 03-10 00:00, assigned, open; due 03-13 00:00 → overdue now
    R4 pothole east_s  created 03-15 10:00, open (today's intake)
    R5 pothole west_s  created 03-05 00:00, rejected 03-05 01:00
    N1 noise   west_s  created 03-14 20:00, resolved 03-15 02:00 (6 h, on time), rated 4 → closed
    N2 noise   east_n  created 03-15 08:00, open (today's intake), due 20:00
    O1 pothole east_n  created 01-10 00:00, resolved 01-12 00:00 (48 h): older than 30 days

Cockpit at NOW: intake today 2 (R4, N2); open 3 (R3, R4, N2); overdue 1 (R3);
resolved in 24 h 1 (N1); median over resolutions of the last 30 days
(R1 24, R2 132, N1 6) = 24 h; ratings of the last 30 days 5, 1, 4: mean 10/3,
share of 4–5 = 2/3; groups: roads 2 open / 1 overdue, environment 1 / 0.

Ranking 03-01 00:00 → NOW by bureau:
- roads (R1–R5): received 5, handled 4 (R5 rejected), resolved 2 (R1, R2) → 0.5;
  on time 2/2 → 1.0; reopened 1 (R2) of 2 resolved once → 0.5; ratings 5, 1 → 3.0;
  median (24, 132) → 78 h; score 100 × (.35×.5 + .30×1 + .20×.5 + .15×.5) = 65.0
- environment (N1, N2): received 2, handled 2, resolved 1 → 0.5; on time 1.0;
  reopen 0/1 → 0.0; rating 4 → 4.0; median 6 h;
  score 100 × (.35×.5 + .30×1 + .20×.75 + .15×1) = 77.5
→ environment first, roads second.

Public statistics at NOW. Twelve months (2025-04-01 → NOW), every case:
received 8, handled 7, resolved 4 (R1, R2, N1, O1) → 4/7; by category pothole 6,
noise 2; by month: January 1 received / 1 resolved, March 7 / 3. Last 30 days:
median 24 h and ratings as on the cockpit; by district (public categories only)
east 3 (R2, R3, R4), west 2 (R1, R5); ranking as above.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case
from tests import citydata

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def act(case: Case, action: str, when: datetime, **params: Any) -> None:
    actor = Actor.citizen() if action == "rate" else Actor.system("test")
    lifecycle.transition(case, action, actor, now=when, **params)


def build(make_case: Callable[..., Case]) -> dict[str, Case]:
    def pothole(point: tuple[float, float], created: datetime) -> Case:
        return make_case(service_code="pothole", lat=point[0], lon=point[1], now=created)

    def noise(point: tuple[float, float], created: datetime) -> Case:
        return make_case(service_code="noise", description="Loud music at night",
                         lat=point[0], lon=point[1], now=created,
                         attributes={"source": "music_party"})

    c: dict[str, Case] = {}
    c["R1"] = pothole(citydata.INSIDE_WEST_N, at(3, 1))
    act(c["R1"], "resolve", at(3, 2))
    act(c["R1"], "rate", at(3, 2, 6), rating=5)
    c["R2"] = pothole(citydata.INSIDE_EAST_S, at(3, 2))
    act(c["R2"], "resolve", at(3, 6))
    act(c["R2"], "rate", at(3, 6, 12), rating=1)
    act(c["R2"], "resolve", at(3, 7, 12))
    c["R3"] = pothole(citydata.INSIDE_EAST_S, at(3, 10))
    act(c["R3"], "assign", at(3, 10, 1))
    c["R4"] = pothole(citydata.INSIDE_EAST_S, at(3, 15, 10))
    c["R5"] = pothole(citydata.INSIDE_WEST_S, at(3, 5))
    act(c["R5"], "reject", at(3, 5, 1), reason="invalid")
    c["N1"] = noise(citydata.INSIDE_WEST_S, at(3, 14, 20))
    act(c["N1"], "resolve", at(3, 15, 2))
    act(c["N1"], "rate", at(3, 15, 3), rating=4)
    c["N2"] = noise(citydata.INSIDE_EAST_N, at(3, 15, 8))
    c["O1"] = pothole(citydata.INSIDE_EAST_N, at(1, 10))
    act(c["O1"], "resolve", at(1, 12))
    for case in c.values():
        case.refresh_from_db()
    return c
