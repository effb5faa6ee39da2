"""Open311 benchmark: filtered GET requests latency and POST throughput.

    python benchmarks/open311.py [--cases 1000000] [--data-dir var/bench]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityloop_bench python benchmarks/open311.py

Fills the database with ``--cases`` synthetic cases (once; later runs reuse
them), starts ``cityloop serve`` in its own process, and prints JSON:

- ``get``: latency of filtered ``GET requests.json`` queries, one at a time
  over keep-alive HTTP, per kind of query and overall (targets: p99 < 50 ms);
- ``db_floor``: the same page of cases fetched by plain SQL in this process,
  the database's own share, measured in the same run;
- ``post``: reports per second with ``--clients`` concurrent clients, and per
  CPU-second of the server process (per core; target ≥ 300), against the
  server's rate for its cheapest request (``/healthz``) measured the same way.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import cpu_seconds, server, setup_django, summary_ms


def prepare(cases: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.bulkload import load
    from cityloop.cases.models import ApiClient, Case
    from cityloop.demo.city import build_city

    call_command("migrate", verbosity=0)
    build_city()
    have = Case.objects.count()
    if have < cases:
        load(cases - have, progress=lambda line: print(line, file=sys.stderr))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # An app's key (open311) with a limit it never reaches: each POST still pays
    # for the rate count as a real key's does, and is never refused with 429.
    _, key = ApiClient.create(f"benchmark {time.time():.0f}", rate_limit=1_000_000)
    return {"cases": Case.objects.count(), "api_key": key, "vendor": connection.vendor}


def get_queries(rng: random.Random, count: int) -> list[tuple[str, dict[str, str]]]:
    from django.utils import timezone

    from cityloop.cases.models import Case
    from cityloop.catalogue.models import ServiceCategory

    codes = list(ServiceCategory.objects.values_list("service_code", flat=True))
    refs = list(Case.objects.order_by("?").values_list("reference", flat=True)[:2000])
    now = timezone.now()

    def window() -> dict[str, str]:
        end = now - timedelta(days=rng.uniform(0, 330))
        return {"start_date": (end - timedelta(days=30)).isoformat(), "end_date": end.isoformat()}

    kinds = {
        "default_last_90_days": lambda: {},
        "service_code": lambda: {"service_code": rng.choice(codes)},
        "service_code_status_open": lambda: {"service_code": rng.choice(codes),
                                             "status": "open"},
        "status_closed_30_day_window": lambda: {"status": "closed", **window()},
        "two_codes_page_2_of_100": lambda: {
            "service_code": ",".join(rng.sample(codes, 2)), "page": "2", "page_size": "100"},
        "ten_ids": lambda: {"service_request_id": ",".join(rng.sample(refs, 10))},
        "extensions_page_of_100": lambda: {"service_code": rng.choice(codes),
                                           "extensions": "true", "page_size": "100"},
    }
    queries = [(kind, make()) for kind, make in kinds.items() for _ in range(count)]
    rng.shuffle(queries)
    return queries


def measure_get(url: str, queries: list[tuple[str, dict[str, str]]]) -> dict[str, Any]:
    import requests

    session = requests.Session()
    by_kind: dict[str, list[float]] = {}
    for _ in range(20):  # warm the server's caches and connections
        session.get(f"{url}/open311/v2/requests.json")
    for kind, params in queries:
        started = time.perf_counter()
        response = session.get(f"{url}/open311/v2/requests.json", params=params)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{kind} {params}: HTTP {response.status_code} {response.text[:200]}")
        by_kind.setdefault(kind, []).append(elapsed)
    every = [t for samples in by_kind.values() for t in samples]
    floor = [_time(lambda: session.get(f"{url}/healthz")) for _ in range(200)]
    return {"by_kind": {k: summary_ms(v) for k, v in sorted(by_kind.items())},
            "overall": summary_ms(every), "http_floor_healthz": summary_ms(floor)}


def measure_db_floor(rounds: int) -> dict[str, Any]:
    """The default page (last 90 days, newest first, 1000 rows) by plain SQL."""
    from django.db import connection
    from django.utils import timezone

    sql = (
        "SELECT id, reference, status, category_id, description, department_id, created_at, "
        "updated_at, due_at, address, lat, lon FROM cases_case WHERE created_at >= %s "
        "ORDER BY created_at DESC LIMIT 1000"
    )
    samples = []
    for _ in range(rounds):
        since = timezone.now() - timedelta(days=90)
        with connection.cursor() as cursor:
            samples.append(_time(lambda c=cursor, s=since: (c.execute(sql, [s]), c.fetchall())))
    return summary_ms(samples)


def _time(action: Any) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_rate(url: str, pid: int, clients: int, seconds: float, request: Any) -> dict[str, Any]:
    """Requests per second with concurrent clients, and per server CPU-second."""
    import requests

    done = [0] * clients
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def run(i: int) -> None:
        session = requests.Session()
        while time.monotonic() < stop:
            response = request(session, i, done[i])
            if response.status_code != 200:
                failures.append(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            done[i] += 1

    cpu_before, started = cpu_seconds(pid), time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall, cpu = time.monotonic() - started, cpu_seconds(pid) - cpu_before
    if failures:
        raise SystemExit(failures[0])
    total = sum(done)
    return {"requests": total, "per_second": round(total / wall, 1),
            "server_cpu_seconds": round(cpu, 2),
            "per_server_cpu_second": round(total / cpu, 1) if cpu else None}


def post_request(key: str, rng: random.Random) -> Any:
    def request(session: Any, client: int, n: int) -> Any:
        lat, lon = 29.56 + rng.uniform(-0.03, 0.03), 106.55 + rng.uniform(-0.05, 0.05)
        form = {"api_key": key, "service_code": "streetlight", "lat": f"{lat:.6f}",
                "long": f"{lon:.6f}", "attribute[fault]": "out",
                "description": f"Street light out near stop {client}-{n}",
                "email": f"bench{client}@example.org"}
        return session.post(POST_URL[0], data=form)
    return request


POST_URL = [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench"))
    parser.add_argument("--queries", type=int, default=100, help="per kind of GET query")
    # One server thread per core: Python threads beyond that only contend
    # for the interpreter lock, and per-core throughput is what is measured.
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=2)
    parser.add_argument("--server-workers", type=int, default=None,
                        help="web processes of cityloop serve (default: its own default)")
    parser.add_argument("--skip-get", action="store_true")
    parser.add_argument("--post-seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    setup_django(args.data_dir.resolve())
    rng = random.Random(args.seed)
    info = prepare(args.cases)
    queries = get_queries(rng, args.queries)
    db_floor = measure_db_floor(200)
    with server(args.data_dir.resolve(), threads=args.server_threads,
                workers=args.server_workers) as (url, pid):
        get = measure_get(url, queries[:14] if args.skip_get else queries)
        POST_URL[0] = f"{url}/open311/v2/requests.json"
        floor = measure_rate(url, pid, args.clients, args.post_seconds / 2,
                             lambda s, i, n: s.get(f"{url}/healthz"))
        post = measure_rate(url, pid, args.clients, args.post_seconds,
                            post_request(info["api_key"], rng))
    result = {
        "benchmark": "open311", "database": info["vendor"], "cases": info["cases"],
        "get_requests_json": get, "db_floor_default_page": db_floor,
        "post_requests": post, "baseline_healthz": floor,
        "ratios": {
            "get_p50_over_db_floor_p50": round(
                get["by_kind"]["default_last_90_days"]["p50_ms"] / db_floor["p50_ms"], 2),
            "post_rate_over_healthz_rate_per_cpu": round(
                post["per_server_cpu_second"] / floor["per_server_cpu_second"], 3),
        },
        "targets": {"get_p99_ms": 50, "post_per_core_per_second": 300},
        "meets_targets": {
            "get_p99": get["overall"]["p99_ms"] < 50,
            "post_per_core": (post["per_server_cpu_second"] or 0) >= 300,
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
