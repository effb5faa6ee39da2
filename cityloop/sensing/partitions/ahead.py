"""Partitions made ahead of time by the worker's ``observation_partitions`` job.

Every run makes the partition of the current period and of the ``AHEAD``
periods after it, where none covers them yet, so ingest always finds one.
An observation no partition covers (a clock years ahead, or a time older
than every partition kept) goes to the DEFAULT partition instead of
failing. Before a period's partition is made, the rows the default holds
for it are moved into it (PostgreSQL refuses to make a partition whose rows
are in the default); whatever the default still holds is reported, with
its range of times, in the job's summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.sensing.partitions import periods
from cityloop.sensing.partitions.catalog import (
    DEFAULT,
    TABLE,
    is_partitioned,
    overlaps,
    partitions,
)

AHEAD = 2  # periods after the current one
INTERVAL_SECONDS = 3600
LEFT = f"SELECT count(*), min(phenomenon_time), max(phenomenon_time) FROM {DEFAULT}"  # noqa: S608


@dataclass
class Outcome:
    created: list[str]
    moved: int  # rows moved from the default partition into the new ones
    left: int  # rows the default partition still holds
    oldest: datetime | None
    newest: datetime | None


def ensure(now: datetime, *, period: str | None = None, ahead: int = AHEAD) -> Outcome:
    """Make the partitions of ``now``'s period and the ``ahead`` after it (PostgreSQL)."""
    period = period or settings.OBSERVATION_PARTITION
    created, moved = [], 0
    for start, end in periods.spans(now, period, ahead):
        with transaction.atomic(), connection.cursor() as cursor:
            if overlaps(partitions(cursor), start, end):
                continue
            moved += _create(cursor, periods.name(start, period), start, end)
            created.append(periods.name(start, period))
    with connection.cursor() as cursor:
        cursor.execute(LEFT)
        left, oldest, newest = cursor.fetchone()
    return Outcome(created, moved, left, oldest, newest)


def _create(cursor: Any, name: str, start: datetime, end: datetime) -> int:
    """The partition [start, end), with the default's rows of that range moved into it."""
    # The default is locked first, as ingest would lock it, so that no row for the
    # range lands there between the move and the new partition.
    cursor.execute(f"LOCK TABLE {TABLE}, {DEFAULT} IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute(f"CREATE TEMPORARY TABLE moving (LIKE {TABLE})")
    cursor.execute(f"WITH moved AS (DELETE FROM {DEFAULT} WHERE phenomenon_time >= %s AND "  # noqa: S608
                   "phenomenon_time < %s RETURNING *) INSERT INTO moving SELECT * FROM moved",
                   [start, end])
    moved = cursor.rowcount
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM (%s) TO (%s)",
                   [start, end])
    if moved:
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM moving")  # noqa: S608
    cursor.execute("DROP TABLE moving")  # not ON COMMIT: the caller's transaction may go on
    return int(moved)


def run(now: datetime) -> str:
    if connection.vendor != "postgresql":
        return "observations are partitioned on PostgreSQL only"
    with connection.cursor() as cursor:
        if not is_partitioned(cursor):
            return "sensing_observation is not partitioned (migration 0004 not applied)"
    outcome = ensure(now)
    made = ", ".join(outcome.created) or "none needed"
    text = f"partitions made: {made}"
    if outcome.moved:
        text += f"; {outcome.moved} observations moved from the default partition"
    if outcome.left:
        text += (f"; the default partition holds {outcome.left} observations outside every "
                 f"partition, from {outcome.oldest:%Y-%m-%d %H:%M} to "
                 f"{outcome.newest:%Y-%m-%d %H:%M} UTC")
    return text


periodic_jobs.register(
    "observation_partitions",
    "Make the partitions of observations (PostgreSQL) for this period and the next two.",
)(PeriodicJob(lambda: INTERVAL_SECONDS, run))
