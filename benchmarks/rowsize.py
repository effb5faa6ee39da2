"""Bytes on disk per observation on PostgreSQL, indexes included (for docs/scale.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a fresh database> \\
        python benchmarks/rowsize.py [--observations 200000] [--streams 1000]

Stores ``--observations`` plain numeric observations through ingest itself
(``sensing.ingest.store.ingest``: COPY, rollups, latest values) in batches of
10,000, each stream one reading a minute, so every observation also opens a
rollup row (a city's devices report every minute or less often: one rollup row
per reading is the case to plan for). Then prints JSON: each table's
``pg_total_relation_size`` (heap, TOAST and indexes) before and after, and the
bytes per observation. With ``--retention``, it then times the worker's
retention sweep (``sensing.retention.purge``) deleting all of them, as it
would once they are older than ``CITYLOOP_OBSERVATION_RETENTION_DAYS``. Run it
on a fresh database: the sizes are differences,
but a table that already has free space would look smaller than it will grow.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import setup_django
from benchmarks.ingest_large import LEAVES

TABLES = ("sensing_observation", "sensing_rollup", "sensing_latestobservation")


def sizes() -> dict[str, dict[str, int]]:
    from django.db import connection

    from cityloop.sensing.models import LatestObservation, Observation, Rollup

    out = {}
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        for model in (Observation, Rollup, LatestObservation):
            table = model._meta.db_table
            # Summed over the partitions (a partitioned table has no storage of its own).
            cursor.execute("SELECT sum(pg_total_relation_size(relid)), sum(pg_relation_size("  # noqa: S608
                           f"relid)), sum(pg_indexes_size(relid)) FROM ({LEAVES}) t", [table] * 3)
            total, heap, indexes = cursor.fetchone()
            out[table] = {"total_bytes": total, "heap_bytes": heap, "index_bytes": indexes,
                          "rows": model.objects.count()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var/bench-rowsize"))
    parser.add_argument("--observations", type=int, default=200_000)
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--retention", action="store_true",
                        help="then time the retention sweep deleting them all")
    args = parser.parse_args()
    setup_django(args.data_dir.resolve())
    from django.db import connection

    from benchmarks.ingest import prepare
    from cityloop.sensing.ingest.parse import ObservationIn
    from cityloop.sensing.ingest.store import ingest

    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to a fresh PostgreSQL database")
    streams = prepare(args.streams, 0)["streams"]
    before = sizes()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    batch: list[ObservationIn] = []
    started = time.perf_counter()
    for n in range(args.observations):
        when = start + timedelta(minutes=n // len(streams))
        batch.append(ObservationIn(streams[n % len(streams)], when, None, (n % 1000) / 100))
        if len(batch) == 10_000 or n == args.observations - 1:
            ingest(batch)
            batch = []
    elapsed = time.perf_counter() - started
    after = sizes()
    grown = {t: {k: after[t][k] - before[t][k] for k in after[t]} for t in TABLES}
    stored = grown["sensing_observation"]["rows"]
    per: dict[str, Any] = {t: round(grown[t]["total_bytes"] / stored, 1) for t in TABLES}
    per["observation_heap"] = round(grown["sensing_observation"]["heap_bytes"] / stored, 1)
    per["observation_indexes"] = round(grown["sensing_observation"]["index_bytes"] / stored, 1)
    per["all"] = round(sum(grown[t]["total_bytes"] for t in TABLES) / stored, 1)
    out: dict[str, Any] = {}
    if args.retention:
        from cityloop.sensing.retention import BATCH, BUDGET_SECONDS, purge, retention_days

        later = start + timedelta(days=retention_days() + 365)
        began = time.perf_counter()
        deleted, finished = purge(later, budget=3600)
        took = time.perf_counter() - began
        out["retention_sweep"] = {"deleted": deleted, "finished": finished,
                                  "seconds": round(took, 2), "per_second": round(deleted / took),
                                  "batch": BATCH, "budget_seconds_per_run": BUDGET_SECONDS}
    print(json.dumps({
        "benchmark": "rowsize", "database": "postgresql", "server_version":
        connection.cursor().connection.info.server_version, "observations": stored,
        "streams": len(streams), "ingest_seconds": round(elapsed, 1),
        "tables_grown": grown, "bytes_per_observation": per,
        **out, "load_average_at_end": os.getloadavg()}, indent=2))


if __name__ == "__main__":
    os.environ.setdefault("CITYLOOP_LOG_LEVEL", "WARNING")
    main()
