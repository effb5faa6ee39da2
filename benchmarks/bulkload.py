"""Fill a database with many synthetic cases quickly, for benchmarks.

Cases are inserted in large batches with ``bulk_create`` rather than through
``submit`` (a million submissions would take the better part of an hour),
but every row is what ``submit`` and ``lifecycle`` would have written: routed
departments, areas from the spatial index, SLA times, and a valid hash chain
of events for each case, so ``cityloop audit verify`` passes afterwards.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cityloop.cases import audit, routing
from cityloop.cases.models import Case, CaseEvent, ReferenceCounter, Status
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo.index import AreaHit, areas_at
from cityloop.geo.models import Area

TEXTS = [
    "Deep pothole in the bus lane, cars swerving around it",
    "路灯不亮好几天了，晚上很黑",
    "Rubbish bags piled up at the corner since Monday",
    "下水道堵了，一下雨就积水",
    "Loud music every night after midnight",
    "Broken paving slab outside the school gate",
]


def _points(count: int, rng: random.Random) -> list[tuple[float, float, list[AreaHit]]]:
    city = Area.objects.filter(level="city").first()
    if city is None:
        raise SystemExit("load the city's areas first")
    points: list[tuple[float, float, list[AreaHit]]] = []
    while len(points) < count:
        lat = rng.uniform(city.min_lat, city.max_lat)
        lon = rng.uniform(city.min_lon, city.max_lon)
        hits = areas_at(lat, lon)
        if hits:
            points.append((round(lat, 6), round(lon, 6), hits))
    return points


def _outcome(age_days: float, rng: random.Random) -> list[str]:
    """The actions a case of this age has been through after its creation."""
    if age_days < 2:
        return rng.choice([[], [], ["assign"], ["start"]])
    if age_days < 14:
        return rng.choice([[], ["assign"], ["start"], ["resolve"], ["start", "resolve"]])
    return rng.choice([["resolve", "close"], ["start", "resolve", "close"], ["reject"],
                       ["resolve"], ["resolve", "close"]])


STATUS_AFTER = {"assign": Status.ASSIGNED, "start": Status.IN_PROGRESS,
                "resolve": Status.RESOLVED, "close": Status.CLOSED, "reject": Status.REJECTED}


def _case_and_events(n: int, year_counters: dict[int, int], category: ServiceCategory,
                     point: tuple[float, float, list[AreaHit]], created: datetime,
                     actions: list[str], rng: random.Random,
                     tree: snapshot.Snapshot) -> tuple[Case, list[CaseEvent]]:
    year = timezone.localtime(created).year
    year_counters[year] = year_counters.get(year, 0) + 1
    lat, lon, hits = point
    case = Case(
        reference=f"{year}-{year_counters[year]:06d}", tracking_token=secrets.token_urlsafe(24),
        token=f"{n:016x}", channel=rng.choice(["web", "web", "open311", "staff"]),
        category=category, description=rng.choice(TEXTS), attributes={}, lat=lat, lon=lon,
        area_id=hits[-1].id, department=routing.route(category, hits, tree),
        priority=category.default_priority, status=Status.NEW,
        due_at=created + timedelta(hours=category.sla_hours),
        escalate_at=created + timedelta(hours=2 * category.sla_hours),
        created_at=created, updated_at=created,
    )
    events = [("create", "", Status.NEW, created)]
    moment, status = created, Status.NEW
    for action in actions:
        moment += timedelta(hours=rng.expovariate(1 / max(category.sla_hours / 3, 1)))
        new = STATUS_AFTER[action]
        events.append((action, status, new, moment))
        status = new
        if action == "resolve":
            case.resolved_at = moment
        if action in ("close", "reject"):
            case.closed_at = moment
    case.status, case.updated_at = status, moment
    case.reject_reason = "invalid" if status == Status.REJECTED else ""
    return case, _chain(case, events)


def _chain(case: Case, events: list[tuple[str, str, str, datetime]]) -> list[CaseEvent]:
    out, prev = [], audit.GENESIS
    for seq, (action, from_status, to_status, at) in enumerate(events, start=1):
        text = "Work completed. Thank you for reporting." if action == "resolve" else ""
        data = {"channel": case.channel} if action == "create" else {}
        event = CaseEvent(
            seq=seq, at=at, actor_kind="system", actor_label="bulkload", action=action,
            from_status=from_status, to_status=to_status, public_text=text, data=data,
            prev_hash=prev,
        )
        event.hash = audit.hash_of(event, case.reference)
        prev = event.hash
        out.append(event)
    return out


def load(total: int, *, seed: int = 7, batch: int = 20_000, days: int = 365,
         progress: Callable[[str], None] = print) -> None:
    rng = random.Random(seed)
    tree = snapshot.current()
    categories = [c for c in tree.categories.values() if c.active]
    points = _points(5_000, rng)
    now = timezone.now()
    counters: dict[int, int] = dict(ReferenceCounter.objects.values_list("year", "last"))
    start = now - timedelta(days=days)
    times = sorted(start + timedelta(seconds=rng.uniform(0, days * 86400)) for _ in range(total))
    base = Case.objects.count()
    for offset in range(0, total, batch):
        cases, chains = [], []
        for i, created in enumerate(times[offset:offset + batch], start=offset):
            age = (now - created).total_seconds() / 86400
            case, events = _case_and_events(base + i, counters, rng.choice(categories),
                                            rng.choice(points), created, _outcome(age, rng),
                                            rng, tree)
            cases.append(case)
            chains.append(events)
        with transaction.atomic():
            Case.objects.bulk_create(cases)
            for case, events in zip(cases, chains, strict=True):
                for event in events:
                    event.case_id = case.pk
            CaseEvent.objects.bulk_create([e for events in chains for e in events])
            # With each chunk, so a load stopped half-way can be continued
            # without reusing references.
            for year, last in counters.items():
                ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        progress(f"{offset + len(cases):,} of {total:,} cases")
