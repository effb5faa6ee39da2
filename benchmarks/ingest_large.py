"""The large PostgreSQL run of ``benchmarks/ingest.py --large`` (not in CI).

    createdb -h 127.0.0.1 -U postgres partlarge
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partlarge \\
        python benchmarks/ingest.py --large [--large-observations 100000000]

Check ``df -h`` first: an observation takes about 300 bytes with its rollup
row (``benchmarks/rowsize.py``), plus WAL. ``--large-streams`` datastreams
each report every ``--large-interval`` seconds, ending now, stored in time
order as a city's would be, through ingest's storing step itself
(``sensing.ingest.pg.store``: COPY, then the rollups, latest values and time
ranges; one batch per time step of ``--large-writers`` processes, each
writing its own datastreams) into the monthly partitions the worker would
have made (``partitions.ahead.ensure``). Parsing and HTTP/MQTT are measured
by the other modes. Then it prints JSON: the rate over the first and the
last tenth of the rows (flat if the partitioned table costs the same to
write into whatever its size), the final row count and sizes, and the
latency of "the last 24 h of one datastream" and "the latest values of
1,000 datastreams" (goal p99 < 50 ms).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from benchmarks.common import summary_ms

MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
GOAL_P99_MS = 50
# A table's own storage: its partitions', or its own when it has none.
LEAVES = ("SELECT relid FROM pg_partition_tree(%s) WHERE isleaf UNION ALL SELECT %s::regclass "
          "WHERE NOT EXISTS (SELECT FROM pg_partition_tree(%s))")


def streams(count: int) -> tuple[list[int], int]:
    """``count`` datastreams on one Thing with a Location; (ids, its feature of interest)."""
    from cityloop.sensing.ingest.cache import cache
    from cityloop.sensing.models import Datastream, Location, ObservedProperty, Sensor, Thing

    thing, created = Thing.objects.get_or_create(name="Large benchmark station")
    if created:
        thing.locations.add(Location.objects.create(
            name="Large benchmark site",
            location={"type": "Point", "coordinates": [106.5335, 29.5695]}))
    sensor, _ = Sensor.objects.get_or_create(name="Large bench sensor",
                                             defaults={"encoding_type": "text/plain"})
    prop, _ = ObservedProperty.objects.get_or_create(name="Large bench level")
    have = Datastream.objects.filter(thing=thing).count()
    Datastream.objects.bulk_create([Datastream(
        name=f"Large bench level {n}", thing=thing, sensor=sensor, observed_property=prop,
        observation_type=MEASUREMENT, unit_of_measurement={"symbol": "m"})
        for n in range(have, count)], batch_size=5000)
    ids = list(Datastream.objects.filter(thing=thing).order_by("id")
               .values_list("id", flat=True)[:count])
    return ids, cache.thing_features([thing.pk])[thing.pk]


def write(job: dict[str, Any], queue: Any) -> None:
    """One writer: its datastreams, one batch per time step; (rows, time) after each."""
    import django
    from django.db import transaction

    django.setup()
    from cityloop.sensing.ingest import pg
    from cityloop.sensing.ingest.batch import summarize

    rng = random.Random(job["seed"])
    mine, feature = job["streams"], job["feature"]
    start, step = job["start"], timedelta(seconds=job["interval"])
    for n in range(job["steps"]):
        if time.time() > job["deadline"]:
            break
        text = (start + n * step).isoformat(" ")[:19]
        rows = [(ds, text, None, None, round(rng.uniform(0, 10), 3), None, None, None, None,
                 None, feature) for ds in mine]
        with transaction.atomic():
            pg.store(rows, summarize(rows), plain=True)
        queue.put((time.time(), len(rows)))
    queue.put(None)


def ingest_all(ids: list[int], feature: int, steps: int, interval: int, end: datetime,
               writers: int, deadline: float) -> list[tuple[float, int]]:
    from django.db import connections

    start = end - timedelta(seconds=interval * (steps - 1))
    connections.close_all()  # the writers are forked: no connection shared with them
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    procs = [context.Process(target=write, args=({
        "streams": ids[w::writers], "feature": feature, "start": start, "interval": interval,
        "steps": steps, "seed": w, "deadline": deadline}, queue)) for w in range(writers)]
    began = time.time()
    for proc in procs:
        proc.start()
    events, running = [(began, 0)], writers
    while running:
        item = queue.get()
        if item is None:
            running -= 1
        else:
            events.append(item)
    for proc in procs:
        proc.join()
        if proc.exitcode:
            raise SystemExit(f"a writer failed (exit code {proc.exitcode})")
    return sorted(events)


def tenth_rates(events: list[tuple[float, int]]) -> dict[str, Any]:
    """Rows per second over the first and the last tenth of the rows, and overall."""
    total = sum(rows for _, rows in events)
    done, t10, t90 = 0, None, None
    for moment, rows in events:
        done += rows
        if t10 is None and done >= total / 10:
            t10 = moment
        if t90 is None and done >= total * 9 / 10:
            t90 = moment
    assert t10 is not None and t90 is not None
    first, last = events[0][0], events[-1][0]
    return {"observations": total, "seconds": round(last - first, 1),
            "per_second": round(total / (last - first)),
            "first_tenth_per_second": round(total / 10 / (t10 - first)),
            "last_tenth_per_second": round(total / 10 / (last - t90)),
            "last_over_first": round((t10 - first) / (last - t90), 3)}


def latencies(ids: list[int], end: datetime, samples: int, seed: int) -> dict[str, Any]:
    """p50–p99 of the two reads that dashboards and the API make most, on the full table."""
    from django.db import connection

    from cityloop.sensing.models import LatestObservation, Observation

    rng = random.Random(seed)
    day, latest = [], []
    # As a web process does after start-up (web/server_gunicorn.py): without it, this
    # process's own collector passes over Django's objects were the slowest samples
    # (p99 67–70 ms for the latest values, against 16 ms with them frozen).
    gc.collect()
    gc.freeze()
    for _ in range(samples):
        ds = rng.choice(ids)
        began = time.perf_counter()
        # As the SensorThings API asks it: phenomenonTime ge …, newest first.
        rows = list(Observation.objects.filter(
            datastream_id=ds, phenomenon_time__gte=end - timedelta(hours=24)
        ).order_by("-phenomenon_time").values_list("phenomenon_time", "result_number"))
        day.append(time.perf_counter() - began)
        assert rows
        chosen = rng.sample(ids, min(1000, len(ids)))
        began = time.perf_counter()
        values = list(LatestObservation.objects.filter(datastream_id__any_of=chosen)
                      .values_list("datastream_id", "result_number"))
        latest.append(time.perf_counter() - began)
        assert len(values) == len(chosen)
    with connection.cursor() as cursor:
        sql, params = Observation.objects.filter(
            datastream_id=ids[0], phenomenon_time__gte=end - timedelta(hours=24)
        ).order_by("-phenomenon_time").query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
        latest_sql, latest_params = LatestObservation.objects.filter(
            datastream_id__any_of=ids[:1000]).values_list("datastream_id", "result_number"
                                                       ).query.sql_with_params()
        cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + latest_sql, latest_params)
        latest_plan = [row[0] for row in cursor.fetchall()]
    # The plans' own planning and execution times are the server's, without the machine's
    # other load on this client process.
    return {"last_24h_of_one_datastream": {**summary_ms(day), "rows_each": len(rows),
                                           "plan": plan},
            "latest_of_1000_datastreams": {**summary_ms(latest), "plan": latest_plan}}


def sizes() -> dict[str, Any]:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for table in ("sensing_observation", "sensing_rollup", "sensing_latestobservation"):
            cursor.execute("SELECT count(*), sum(pg_total_relation_size(relid)) "  # noqa: S608
                           f"FROM ({LEAVES}) t", [table] * 3)
            parts, total = cursor.fetchone()
            out[table] = {"tables": parts, "total_bytes": int(total)}
        cursor.execute("SELECT count(*) FROM sensing_observation")
        out["sensing_observation"]["rows"] = cursor.fetchone()[0]
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Min

    from cityloop.sensing.models import Datastream
    from cityloop.sensing.partitions import ahead
    from cityloop.sensing.partitions.catalog import LEGACY, partitions

    if connection.vendor != "postgresql":
        raise SystemExit("--large is a PostgreSQL run: set DATABASE_URL")
    server = settings_of_server()
    if server["autovacuum"] != "on":
        # Without it nothing reclaims the rows that updates leave behind (PostgreSQL's
        # default is on; a test server may turn it off): the run would not be a city's.
        print("warning: autovacuum is off on this server; the figures will not be a "
              "production server's", file=sys.stderr)
    call_command("migrate", verbosity=0)
    ids, feature = streams(args.large_streams)
    steps = args.large_observations // len(ids)
    # From the first monthly partition on (a fresh database's legacy partition covers
    # up to two months ahead): the times are made up, the partitions are not.
    with connection.cursor() as cursor:
        start = max(p.end for p in partitions(cursor) if p.name == LEGACY and p.end)
    end = start + timedelta(seconds=args.large_interval * (steps - 1))
    months = (end - start).days // 28 + 2
    made = ahead.ensure(start, ahead=months).created  # as the worker would have, month by month
    deadline = time.time() + args.large_minutes * 60
    events = ingest_all(ids, feature, steps, args.large_interval, end, args.large_writers,
                        deadline)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sensing_observation")
    # Where every datastream got to (the writers may have stopped on the time budget).
    reached = Datastream.objects.filter(id__in=ids).aggregate(t=Min("phenomenon_time_end"))["t"]
    written = sum(rows for _, rows in events)
    return {"streams": len(ids), "interval_seconds": args.large_interval,
            "observations_asked": steps * len(ids),
            "stopped_by_time_budget": written < steps * len(ids), "reads_at": reached.isoformat(),
            "writers": args.large_writers, "from": start.isoformat(), "to": end.isoformat(),
            "partitions_made": made, "ingest": tenth_rates(events), "sizes": sizes(),
            "reads": latencies(ids, reached, args.large_samples, args.seed),
            "goal_p99_ms": GOAL_P99_MS, "load_average_1min_at_end": os.getloadavg()[0],
            "server": server}


def settings_of_server() -> dict[str, str]:
    """The server settings the figures depend on, printed with them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name "
                       "= ANY(%s)", [["autovacuum", "shared_buffers", "max_wal_size",
                                      "synchronous_commit", "server_version"]])
        return dict(cursor.fetchall())


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--large", action="store_true",
                        help="the large PostgreSQL run instead (see ingest_large)")
    parser.add_argument("--large-observations", type=int, default=100_000_000)
    parser.add_argument("--large-streams", type=int, default=10_000)
    parser.add_argument("--large-interval", type=int, default=600,
                        help="seconds between two readings of a datastream")
    parser.add_argument("--large-writers", type=int, default=2)
    parser.add_argument("--large-samples", type=int, default=500, help="reads timed at the end")
    parser.add_argument("--large-minutes", type=float, default=24 * 60,
                        help="stop writing after this long (a shared machine), and say so")
