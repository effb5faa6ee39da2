"""Analytics benchmark: the cockpit's figures and the public statistics at scale.

    python benchmarks/analytics.py [--cases 1000000] [--data-dir var/bench]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityloop_bench python benchmarks/analytics.py

Fills the database with ``--cases`` synthetic cases (``bulkload``, once;
later runs reuse them, and share them with ``benchmarks/open311.py``), has
``--ratings`` recently resolved cases rated through ``lifecycle.transition``
(so satisfaction and reopen figures have real events to read), and prints
JSON: the time of each figure, in this process and straight against the
database (no HTTP), against a plain ``SELECT COUNT(*) FROM cases_case``
measured in the same run — the cheapest question one can ask of the whole
table — and a ``COUNT(*)`` of the last 30 days over the ``created_at`` index,
the cheapest question about the window most figures read. The cockpit
recomputes its live tiles when a case changes and its 30-day figures at most
every minute (shared by every open cockpit); the public statistics are
cached for five minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import setup_django, summary_ms


def prepare(cases: int, ratings: int, seed: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.bulkload import load
    from cityloop.cases.models import Case
    from cityloop.demo.city import build_city

    call_command("migrate", verbosity=0)
    build_city()
    have = Case.objects.count()
    if have < cases:
        load(cases - have, progress=lambda line: print(line, file=sys.stderr))
    rated = rate_some(ratings, random.Random(seed))
    with connection.cursor() as cursor:
        # As autovacuum would have by now: statistics for the planner, and on
        # PostgreSQL a visibility map so that counts are index-only.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"cases": Case.objects.count(), "vendor": connection.vendor, "rated_now": rated}


def rate_some(target: int, rng: random.Random) -> int:
    """Rate up to ``target`` of the latest resolved cases (1–5, a fifth of them bad)."""
    from datetime import timedelta

    from django.utils import timezone

    from cityloop.cases import lifecycle
    from cityloop.cases.actors import Actor
    from cityloop.cases.models import CaseEvent, Status

    have = CaseEvent.objects.filter(action="rate").count()
    if have >= target:
        return 0
    from cityloop.cases.models import Case

    now = timezone.now()
    candidates = Case.objects.filter(
        status=Status.RESOLVED, resolved_at__gte=now - timedelta(days=60),
        resolved_at__lte=now - timedelta(days=1),
    ).order_by("-resolved_at")[: target - have]
    done = 0
    for case in candidates:
        rating = rng.choice([1, 2, 3, 4, 4, 5, 5, 5, 5, 5])
        assert case.resolved_at is not None
        lifecycle.transition(case, "rate", Actor.citizen(), rating=rating,
                             now=case.resolved_at + timedelta(hours=rng.uniform(1, 20)))
        done += 1
    return done


def timed(action: Callable[[], Any], rounds: int) -> dict[str, float]:
    action()  # warm the catalogue snapshot and the database's cache
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return summary_ms(samples)


def measurements(rounds: int) -> dict[str, dict[str, float]]:
    from datetime import timedelta

    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from cityloop.analytics import kpis, opendata, public, ranking, satisfaction
    from cityloop.analytics.departments import UNIT
    from cityloop.analytics.periods import Period, start_of_day
    from cityloop.web.ops import feed, mapdata

    def feed_cold() -> None:
        cache.clear()  # as after a change to a case, with the minute-long caches expired
        feed.build(now)

    def feed_warm() -> None:
        feed.build(now)  # a stream's tick when nothing changed

    def count_all() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM cases_case")
            cursor.fetchone()

    def count_recent() -> None:
        # The cheapest indexed question about the 30-day window the figures use.
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM cases_case WHERE created_at >= %s",
                           [now - timedelta(days=30)])
            cursor.fetchone()

    now = timezone.now()
    recent = Period.last_days(30, now)
    slow = max(3, rounds // 5)
    return {
        "baseline_count_all": timed(count_all, rounds),
        "baseline_count_last_30_days": timed(count_recent, rounds),
        "cockpit_kpis_total": timed(lambda: kpis.cockpit_kpis(now), rounds),
        "kpi_live_counts": timed(lambda: kpis.live_counts(now), rounds),
        "kpi_intake_today": timed(lambda: kpis.intake_since(start_of_day(now), now), rounds),
        "kpi_open_and_overdue_by_group": timed(lambda: kpis.open_by_group(now), rounds),
        "kpi_resolved_24h": timed(
            lambda: kpis.resolved_in(Period.last_days(1, now)).count(), rounds),
        "kpi_median_hours_30_days": timed(lambda: kpis.median_hours_to_resolve(recent), rounds),
        "kpi_satisfaction_30_days": timed(lambda: satisfaction.satisfaction_in(recent), rounds),
        "ranking_bureaus_30_days": timed(lambda: ranking.department_ranking(recent), rounds),
        "ranking_units_30_days": timed(
            lambda: ranking.department_ranking(recent, UNIT), rounds),
        "ops_feed_payload_cold": timed(feed_cold, slow),
        "ops_feed_payload_warm": timed(feed_warm, rounds),
        "ops_map_open_cases": timed(lambda: mapdata.open_cases_collection(now), slow),
        "public_statistics_12_months": timed(lambda: public.public_statistics(now), slow),
        "public_map_90_days": timed(lambda: opendata.public_feature_collection(now), slow),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--ratings", type=int, default=5_000)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    setup_django(args.data_dir.resolve())
    info = prepare(args.cases, args.ratings, args.seed)
    figures = measurements(args.rounds)
    baseline = figures["baseline_count_all"]["p50_ms"] or 0.001
    result = {
        "benchmark": "analytics", "database": info["vendor"], "cases": info["cases"],
        "ratings_added_this_run": info["rated_now"],
        "timings": figures,
        "ratios_p50_over_count_all": {
            name: round(f["p50_ms"] / baseline, 2) for name, f in figures.items()
            if not name.startswith("baseline_")
        },
        # What a cockpit pays: the live counts on every change to a case, and a
        # stream's tick when nothing changed (the rest is cached for a minute).
        "targets": {"kpi_live_counts_p50_ms": 100, "ops_feed_payload_warm_p50_ms": 20},
        "meets_targets": {
            "kpi_live_counts": figures["kpi_live_counts"]["p50_ms"] < 100,
            "ops_feed_payload_warm": figures["ops_feed_payload_warm"]["p50_ms"] < 20,
        },
        "load_average_1_min": round(os.getloadavg()[0], 2), "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
