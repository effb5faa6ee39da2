"""Raw observations are kept ``CITYLOOP_OBSERVATION_RETENTION_DAYS`` days; rollups for ever.

On PostgreSQL, where observations are partitioned by time
(``sensing.partitions``), the worker's ``observation_retention`` job first
detaches and drops every partition wholly older than the cutoff: no row is
deleted one by one, no VACUUM follows. The rows older than the cutoff that
remain, in the one partition straddling it (and in the default partition,
which has no time range), are then deleted as on SQLite, so that nothing
older than the retention period is kept, whatever the partition size.

That deletion goes one datastream at a time along the (datastream,
phenomenon time) index (then each MultiDatastream along its own), in
batches of ``BATCH`` rows, each in its own short transaction, so ingest
waits for no long lock. A run stops after ``BUDGET_SECONDS`` and the next
one carries on. Per-minute rollups (what
charts and rules read) and the latest value of each datastream stay; a
datastream's phenomenon time range is moved up to the oldest observation it
still has (OGC 18-088 §8.2.4).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.sensing.models import Datastream, MultiDatastream
from cityloop.sensing.partitions.catalog import TABLE, is_partitioned, partitions, quote

BATCH = 5000
BUDGET_SECONDS = 60.0
LOCK_TIMEOUT = "5s"  # a partition whose detaching would wait longer is dropped next run
# (the stream model, its column in sensing_observation, its table): Datastreams, then
# MultiDatastreams (§14.1), whose Observations share the table.
STREAMS = (
    (Datastream, "datastream_id", "sensing_datastream"),
    (MultiDatastream, "multi_datastream_id", "sensing_multidatastream"),
)
DELETE = (
    "DELETE FROM sensing_observation WHERE id IN (SELECT id FROM sensing_observation "
    "WHERE {column} = %s AND phenomenon_time < %s LIMIT %s)"
)
# One partition by name, its rows by their physical address: no other partition is
# looked at (a DELETE … WHERE id IN on the parent would probe every partition's key).
DELETE_IN = (
    "DELETE FROM {table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {table} "
    "WHERE {column} = %s AND phenomenon_time < %s LIMIT %s))"
)
NEW_START = (
    "UPDATE {table} SET phenomenon_time_start = (SELECT MIN(phenomenon_time) "
    "FROM sensing_observation WHERE {column} = %s) WHERE id = %s"
)


def retention_days() -> int:
    return settings.OBSERVATION_RETENTION_DAYS


def drop_partitions(cutoff: datetime) -> list[str]:
    """Detach and drop the partitions wholly older than ``cutoff``; their names."""
    dropped = []
    with connection.cursor() as cursor:
        old = [p.name for p in partitions(cursor) if p.older_than(cutoff)]
    for name in old:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(f"ALTER TABLE {TABLE} DETACH PARTITION {quote(name)}")
            cursor.execute(f"DROP TABLE {quote(name)}")
        dropped.append(name)
    return dropped


def purge(now: datetime, *, batch: int = BATCH, budget: float = BUDGET_SECONDS) -> tuple[int, bool]:
    """Delete raw observations older than the retention period; (deleted, finished).

    On a partitioned table, whole partitions go first (``drop_partitions``);
    the count is of rows deleted one by one after that."""
    days = retention_days()
    if days <= 0:
        return 0, True
    cutoff = now - timedelta(days=days)
    deadline = time.monotonic() + budget
    statements = _delete_statements(cutoff)
    deleted = 0
    for model, column, table in STREAMS:
        streams = list(model._default_manager.filter(
            Q(phenomenon_time_start__lt=cutoff) | Q(phenomenon_time_start__isnull=True)
        ).order_by("id").values_list("id", flat=True))
        new_start = NEW_START.format(table=table, column=column)
        for stream in streams:
            for statement in statements:
                count, finished = _delete_rows(statement.format(column=column), stream,
                                               cutoff, batch, deadline)
                deleted += count
                if not finished:
                    return deleted, False
            with connection.cursor() as cursor:
                cursor.execute(new_start, [stream, stream])
            if time.monotonic() > deadline:
                return deleted, False
    return deleted, True


def partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        return is_partitioned(cursor)


def _delete_statements(cutoff: datetime) -> list[str]:
    """The DELETE for each table that may hold rows older than the cutoff."""
    if not partitioned():
        return [DELETE]
    drop_partitions(cutoff)
    with connection.cursor() as cursor:
        left = [p.name for p in partitions(cursor) if p.may_hold_before(cutoff)]
    # ``{column}`` stays for ``purge`` to fill per kind of stream.
    return [DELETE_IN.format(table=quote(name), column="{column}") for name in left]


def _delete_rows(statement: str, ds: int, cutoff: datetime, batch: int, deadline: float
                 ) -> tuple[int, bool]:
    """Batches of one stream's old rows from one table; (deleted, finished)."""
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [ds, cutoff, batch])
            count: Any = cursor.rowcount
        deleted += count
        if count < batch:
            return deleted, True
        if time.monotonic() > deadline:
            return deleted, False


def sweep(now: datetime) -> str:
    days = retention_days()
    if days <= 0:
        return "observations are kept for ever (CITYLOOP_OBSERVATION_RETENTION_DAYS=0)"
    dropped = drop_partitions(now - timedelta(days=days)) if partitioned() else []
    deleted, finished = purge(now)
    more = "" if finished else "; more next time"
    text = f"{deleted} observations older than {days} days deleted{more}"
    return f"partitions dropped: {', '.join(dropped)}; {text}" if dropped else text


periodic_jobs.register(
    "observation_retention",
    "Drop partitions of observations (PostgreSQL) and delete raw observations older than "
    "CITYLOOP_OBSERVATION_RETENTION_DAYS; rollups stay.",
)(PeriodicJob(lambda: settings.OBSERVATION_RETENTION_SWEEP_SECONDS, sweep))
