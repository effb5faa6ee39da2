"""Alert latency through the rule queue, and ingest throughput with the queue against the
inline evaluation it replaced.

    python benchmarks/alerts.py [--data-dir var/bench-alerts] [--baseline /tmp/rq-base]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cityloop_alerts_bench \\
        python benchmarks/alerts.py --baseline /tmp/rq-base

Sets up the demo city with ``--streams`` "load" datastreams watched by a
property rule that never fires, and fresh "alarm" datastreams with a
threshold rule each (a case per alert). Every measurement runs in a process
of its own (``--phase``), against this checkout's code or, for the
baseline, another checkout's (``--baseline DIR``, e.g. ``git worktree add
/tmp/rq-base <commit>``: the code where ingest evaluated the rules itself,
after its commit), always with a ``cityloop worker`` of the same code
running beside it, as in production. It prints JSON:

- ``alert_latency``: ingest at a steady ``--rate`` observations/s (direct
  ``ingest()`` calls, batches of ``--batch``), among which ``--alerts``
  observations cross an alarm's threshold, ``--alert-rate`` a second; for
  each, the time from that ingest's commit (its ``ingest()`` returning) to
  its Alert row, with its case, seen committed by a watcher polling every
  2 ms: the worker, woken by NOTIFY on PostgreSQL or its poll on SQLite,
  evaluated it and opened the case. p50/p90/p99 (goal p99 < 1 s);
- ``throughput``: ``ingest()`` of batches of ``--batch`` observations on
  ruled datastreams as fast as one thread can for ``--seconds``, alternately
  with the queue and with the baseline (``--rounds`` each, the order swapped
  every round), observations/s and per-call latency, and the ratio
  queue / inline;
- ``worker_idle_cpu_percent``: CPU of an idle worker process (its rule
  queue polled, its LISTEN waiting), this code's and the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


def _use_code(code: Path) -> None:
    """Import ``cityloop`` from ``code`` (this checkout, or the baseline's)."""
    sys.path.insert(0, str(ROOT))  # benchmarks.common
    sys.path.insert(0, str(code))


# -- set-up (this checkout's code) ------------------------------------------------------------


def prepare(streams: int, alarms: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from cityloop.catalogue.models import ServiceCategory
    from cityloop.demo.city import build_city
    from cityloop.sensing.models import Datastream, Location, ObservedProperty, Sensor, Thing
    from cityloop.sensing.rules.models import Rule

    call_command("migrate", verbosity=0)
    build_city()
    thing, created = Thing.objects.get_or_create(name="Alert benchmark station")
    if created:
        thing.locations.add(Location.objects.create(
            name="Alert benchmark site",
            location={"type": "Point", "coordinates": [106.575, 29.565]}))
    sensor, _ = Sensor.objects.get_or_create(name="Alert bench sensor",
                                             defaults={"encoding_type": "text/plain"})
    flooding = ServiceCategory.objects.get(service_code="flooding")

    def stream(prop: ObservedProperty, name: str) -> int:
        return int(Datastream.objects.create(
            name=name, thing=thing, sensor=sensor, observed_property=prop,
            observation_type=MEASUREMENT, unit_of_measurement={"symbol": "m"}).pk)

    level, _ = ObservedProperty.objects.get_or_create(name="Alert bench level")
    have = list(Datastream.objects.filter(observed_property=level).order_by("id")
                .values_list("id", flat=True))
    have += [stream(level, f"Alert bench level {n}") for n in range(len(have), streams)]
    Rule.objects.get_or_create(code="alert-bench-level", defaults={
        "name": "Alert bench level", "kind": "threshold", "observed_property": level,
        "red": 1e12, "case_level": "red", "category": flooding,
        "answers": {"traffic_blocked": "no"}})
    alarm_prop, _ = ObservedProperty.objects.get_or_create(name="Alert bench alarm")
    alarm = []
    stamp = f"{time.time():.0f}"
    for n in range(alarms):  # new every run: each alert opens a new case
        ds = stream(alarm_prop, f"Alert bench alarm {stamp}-{n}")
        Rule.objects.create(
            code=f"alert-bench-{ds}", name="Alert bench alarm", kind="threshold",
            datastream_id=ds, red=100.0, case_level="red", category=flooding,
            answers={"traffic_blocked": "no"})
        alarm.append(ds)
    return {"vendor": connection.vendor, "streams": have[:streams], "alarms": alarm}


# -- phases (each in its own process, with the code given) ------------------------------------


def _observations(streams: list[int], at: datetime, value: float) -> list[Any]:
    from cityloop.sensing.ingest.parse import ObservationIn

    return [ObservationIn(datastream_id=ds, phenomenon_time=at, phenomenon_time_end=None,
                          result=value) for ds in streams]


def phase_throughput(info: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from cityloop.sensing.ingest import ingest

    streams, size = info["streams"], args.batch
    calls: list[float] = []
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    stored, n = 0, 0
    deadline = time.perf_counter() + args.seconds
    began = time.perf_counter()
    while time.perf_counter() < deadline:
        at = start + timedelta(seconds=n)
        chosen = [streams[(n * size + i) % len(streams)] for i in range(size)]
        t0 = time.perf_counter()
        stored += ingest(_observations(chosen, at, 1.0 + n % 7)).stored
        calls.append(time.perf_counter() - t0)
        n += 1
    elapsed = time.perf_counter() - began
    from benchmarks.common import summary_ms

    return {"observations": stored, "seconds": round(elapsed, 2),
            "per_second": round(stored / elapsed), "call": summary_ms(calls)}


def phase_latency(info: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from cityloop.sensing.ingest import ingest
    from cityloop.sensing.rules.models import Alert

    streams, alarms = info["streams"], info["alarms"][:args.alerts]
    ingest(_observations(alarms, datetime.now(UTC) - timedelta(minutes=1), 1.0))  # normal
    time.sleep(2)  # the worker evaluates them: a state to change from
    committed: dict[int, float] = {}
    seen: dict[int, float] = {}
    done = threading.Event()

    def watch() -> None:
        from django.db import connections

        last = Alert.objects.order_by("-id").values_list("id", flat=True).first() or 0
        try:
            while not done.is_set() or len(seen) < len(committed):
                rows = list(Alert.objects.filter(id__gt=last, case__isnull=False)
                            .values_list("id", "datastream_id"))
                now = time.perf_counter()
                for pk, ds in rows:
                    seen.setdefault(ds, now)
                    last = max(last, pk)
                if done.is_set() and time.perf_counter() > stop_at:
                    break
                time.sleep(0.002)
        finally:
            connections.close_all()

    stop_at = float("inf")
    watcher = threading.Thread(target=watch)
    watcher.start()
    per_batch = max(1, round(args.rate * args.interval))
    every = max(1, round(1 / (args.alert_rate * args.interval)))  # batches between alerts
    pending, n = list(alarms), 0
    began = time.perf_counter()
    while pending:
        tick = began + n * args.interval
        time.sleep(max(0.0, tick - time.perf_counter()))
        now = datetime.now(UTC)
        load = [streams[(n * per_batch + i) % len(streams)] for i in range(per_batch)]
        batch = _observations(load, now, 1.0)
        crossing = pending.pop() if n % every == 0 else None
        if crossing is not None:
            batch += _observations([crossing], now, 500.0)
        ingest(batch)
        if crossing is not None:
            committed[crossing] = time.perf_counter()
        n += 1
    elapsed = time.perf_counter() - began
    stop_at = time.perf_counter() + 30
    done.set()
    watcher.join()
    from benchmarks.common import summary_ms

    samples = [seen[ds] - at for ds, at in committed.items() if ds in seen]
    return {"alerts": len(committed), "seen": len(samples),
            "load_per_second": round(n * per_batch / elapsed),
            "alerts_per_second": round(len(committed) / elapsed, 2),
            "latency": summary_ms(samples)}


def phase_idle(info: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    return {}  # the worker beside it is what is measured


PHASES = {"throughput": phase_throughput, "latency": phase_latency, "idle": phase_idle}


# -- orchestration --------------------------------------------------------------------------


def run_phase(name: str, code: Path, info: dict[str, Any], args: argparse.Namespace,
              env: dict[str, str]) -> dict[str, Any]:
    from benchmarks.common import cpu_seconds, worker

    # Steady state: a new worker's first seconds (its imports, its first run of every
    # periodic job, its caches) held the first alerts for up to 5 s on PostgreSQL.
    with worker(Path(env["CITYLOOP_DATA_DIR"]), code, env, settle=args.settle) as pid:
        before, started = cpu_seconds(pid), time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--phase", name, "--code", str(code),
             "--info", json.dumps(info), *sys.argv[1:]],
            env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"phase {name} ({code}) failed:\n{out.stderr[-3000:]}")
        result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
        if name == "idle":
            time.sleep(args.idle_seconds)
        spent, wall = cpu_seconds(pid) - before, time.perf_counter() - started
    result["worker_cpu_percent"] = round(100 * spent / wall, 2)
    return result


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench-alerts"))
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout of the code that evaluated rules inline")
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=20, help="observations per ingest call")
    parser.add_argument("--rate", type=float, default=200.0, help="load observations/s")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between batches")
    parser.add_argument("--alerts", type=int, default=250)
    parser.add_argument("--alert-rate", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=15.0, help="per throughput run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--settle", type=float, default=30.0,
                        help="seconds a new worker runs before a phase measures it")
    parser.add_argument("--phase", choices=sorted(PHASES), default=None)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--info", default="{}")
    args, _unknown = parser.parse_known_args()
    data_dir = args.data_dir.resolve()
    _use_code(args.code.resolve())
    from benchmarks.common import setup_django

    setup_django(data_dir)
    if args.phase:
        import cityloop

        result = PHASES[args.phase](json.loads(args.info), args)
        result["code"] = str(Path(cityloop.__file__).resolve().parent.parent)
        print(json.dumps(result))
        return
    info = prepare(args.streams, args.alerts)
    env = dict(os.environ, CITYLOOP_DATA_DIR=str(data_dir))
    codes = {"queue": ROOT, **({"inline": args.baseline.resolve()} if args.baseline else {})}
    result: dict[str, Any] = {"benchmark": "alerts", "database": info["vendor"],
                              "streams": len(info["streams"]), "batch": args.batch,
                              "machine_cores": os.cpu_count(), "uptime_at_start": uptime()}
    result["alert_latency"] = run_phase("latency", ROOT, info, args, env)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
    for round_ in range(args.rounds):
        for name in (list(codes) if round_ % 2 == 0 else list(reversed(codes))):
            runs[name].append(run_phase("throughput", codes[name], info, args, env))
    result["throughput"] = {name: {
        "per_second_each": [r["per_second"] for r in each],
        "per_second_best": max(r["per_second"] for r in each),
        "call_p50_ms": [r["call"]["p50_ms"] for r in each],
        "call_p99_ms": [r["call"]["p99_ms"] for r in each],
        "worker_cpu_percent": [r["worker_cpu_percent"] for r in each],
        "code": each[0]["code"]} for name, each in runs.items()}
    if "inline" in runs:
        best = {name: result["throughput"][name]["per_second_best"] for name in runs}
        result["throughput"]["ratio_queue_over_inline"] = round(best["queue"] / best["inline"], 2)
    result["worker_idle_cpu_percent"] = {
        name: run_phase("idle", code, info, args, env)["worker_cpu_percent"]
        for name, code in codes.items()}
    result["uptime_at_end"] = uptime()
    result["goal"] = {"alert_latency_p99_ms_below": 1000,
                      "met": result["alert_latency"]["latency"]["p99_ms"] < 1000}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
