"""Raw observations are kept ``CITYLOOP_OBSERVATION_RETENTION_DAYS`` days; rollups for ever.

The worker's ``observation_retention`` job deletes what is older, one
datastream at a time along the (datastream, phenomenon time) index (then each
MultiDatastream along its own), in
batches of ``BATCH`` rows, each in its own short transaction, so ingest
waits for no long lock. A run stops after ``BUDGET_SECONDS`` and the next
one carries on. Per-minute rollups (what charts and rules read) and the
latest value of each datastream stay; a datastream's phenomenon time range
is moved up to the oldest observation it still has (OGC 18-088 §8.2.4).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.sensing.models import Datastream, MultiDatastream

BATCH = 5000
BUDGET_SECONDS = 60.0
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
NEW_START = (
    "UPDATE {table} SET phenomenon_time_start = (SELECT MIN(phenomenon_time) "
    "FROM sensing_observation WHERE {column} = %s) WHERE id = %s"
)


def retention_days() -> int:
    return settings.OBSERVATION_RETENTION_DAYS


def purge(now: datetime, *, batch: int = BATCH, budget: float = BUDGET_SECONDS) -> tuple[int, bool]:
    """Delete raw observations older than the retention period; (deleted, finished)."""
    days = retention_days()
    if days <= 0:
        return 0, True
    cutoff = now - timedelta(days=days)
    deadline = time.monotonic() + budget
    deleted = 0
    for model, column, table in STREAMS:
        streams = list(model._default_manager.filter(
            Q(phenomenon_time_start__lt=cutoff) | Q(phenomenon_time_start__isnull=True)
        ).order_by("id").values_list("id", flat=True))
        delete = DELETE.format(column=column)
        new_start = NEW_START.format(table=table, column=column)
        for stream in streams:
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(delete, [stream, cutoff, batch])
                    count = cursor.rowcount
                    if count < batch:
                        cursor.execute(new_start, [stream, stream])
                deleted += count
                if time.monotonic() > deadline:
                    return deleted, False
                if count < batch:
                    break
    return deleted, True


def sweep(now: datetime) -> str:
    days = retention_days()
    if days <= 0:
        return "observations are kept for ever (CITYLOOP_OBSERVATION_RETENTION_DAYS=0)"
    deleted, finished = purge(now)
    more = "" if finished else "; more next time"
    return f"{deleted} observations older than {days} days deleted{more}"


periodic_jobs.register(
    "observation_retention",
    "Delete raw observations older than CITYLOOP_OBSERVATION_RETENTION_DAYS; rollups stay.",
)(PeriodicJob(lambda: settings.OBSERVATION_RETENTION_SWEEP_SECONDS, sweep))
